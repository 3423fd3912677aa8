"""Issues 2 and 16: the model's IR in a fresh process (target <= 10 s; issue 16: the shipped
snapshot), and the model checks.

Prints the wall-clock time of ``build_model()`` in new interpreter processes (imports included):
read from the snapshot (``model/ir_snapshot.json``, used when its key matches the source) and
built from the Lagrangian (``ALPSEESAW_IR_SOURCE=1``); then the time of the model checks.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

CODE = "from alpseesaw.model import build_model; build_model()"


def fresh(code: str, **env: str) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env={**os.environ, **env})
    return time.perf_counter() - t0


def main() -> None:
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for label, env in (("snapshot", {}), ("from the Lagrangian", {"ALPSEESAW_IR_SOURCE": "1"})):
        runs = [fresh(CODE, **env) for _ in range(3)]
        print(
            f"build_model() in a fresh process, {label}: median {statistics.median(runs):.2f} s "
            f"(runs: {', '.join(f'{r:.2f}' for r in runs)}; target <= 10 s)"
        )
    checks = fresh("from alpseesaw.model import run_checks; assert run_checks().ok")
    print(f"alpseesaw model check (all checks, fresh process): {checks:.2f} s")


if __name__ == "__main__":
    main()
