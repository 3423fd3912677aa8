"""Wall time of the UFO export: IR build, then ``generators.ufo.generate`` (cold and warm).

Run: python benchmarks/bench_ufo.py
"""

from __future__ import annotations

import time

from alpseesaw.generators import ufo
from alpseesaw.model import build_model


def main() -> None:
    t0 = time.perf_counter()
    ir = build_model()
    t1 = time.perf_counter()
    files = ufo.generate(ir, {})
    t2 = time.perf_counter()
    ufo.generate(ir, {"Ma": 300.0})
    t3 = time.perf_counter()
    size = sum(len(t) for t in files.values())
    print(f"IR build: {t1 - t0:.1f} s")
    print(
        f"UFO generate, first call (width kernels computed): {t2 - t1:.1f} s; {len(files)} files, {size / 1e6:.2f} MB"
    )
    print(f"UFO generate, another card (kernels cached): {t3 - t2:.1f} s")


if __name__ == "__main__":
    main()
