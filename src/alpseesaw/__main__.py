from alpseesaw.cli import main
from alpseesaw.cli.generate import end_process

end_process(main)
