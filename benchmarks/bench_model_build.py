"""Issue 2: building the full model (Lagrangian -> IR) in a fresh process; the target is <= 10 s.

Prints the wall-clock time of ``build_model()`` in new interpreter processes (imports included),
and the time of the model checks.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

CODE = "from alpseesaw.model import build_model; build_model()"


def fresh(code: str) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - t0


def main() -> None:
    runs = [fresh(CODE) for _ in range(3)]
    print(
        f"build_model() in a fresh process: median {statistics.median(runs):.2f} s "
        f"(runs: {', '.join(f'{r:.2f}' for r in runs)}; target <= 10 s)"
    )
    checks = fresh("from alpseesaw.model import run_checks; assert run_checks().ok")
    print(f"alpseesaw model check (all checks, fresh process): {checks:.2f} s")


if __name__ == "__main__":
    main()
