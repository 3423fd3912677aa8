from alpseesaw.cli import main

main()
