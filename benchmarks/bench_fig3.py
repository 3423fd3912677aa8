"""Wall time of `alpseesaw reproduce fig3` (target <= 20 s), run as the real command.

Run: python benchmarks/bench_fig3.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time


def main() -> None:
    with tempfile.TemporaryDirectory() as out:
        t0 = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "alpseesaw", "reproduce", "fig3", "--out", out],
            capture_output=True,
            text=True,
            check=False,
        )
        dt = time.perf_counter() - t0
    if proc.returncode != 0:
        print(proc.stderr)
        sys.exit(proc.returncode)
    print(f"alpseesaw reproduce fig3: {dt:.1f} s (including interpreter start-up and imports)")


if __name__ == "__main__":
    main()
