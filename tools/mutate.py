"""Mutation testing: plant single-token defects in model/, physics/, generators/, runners/ and
report how many the default suite's behavioural assertions kill (golden-file tests excluded).

Usage::

    python tools/mutate.py --mutants 40 --seed 2026 --out mutation.json [--jobs 2]
    python tools/mutate.py --plant 'physics/g2.py:100:1.0 - r:2.0 - r' [--tests tests/physics/test_g2.py]

Each mutant is one token of one line of the package changed the way a real bug would change it
(``+`` <-> ``-``, ``*`` <-> ``/``, ``**`` -> ``*``, ``<`` <-> ``<=``, ``>`` <-> ``>=``, ``==``
<-> ``!=``, ``and`` <-> ``or``, ``True`` <-> ``False``, an integer n -> n + 1, a float x -> 2 x),
drawn at random (``--seed``) among the lines of function bodies, outside messages and logging.
The package is copied to a temporary directory, the one line changed there, and pytest runs the
tests of the mutated room against the copy (``PYTHONPATH``), stopping at the first failure
(``-x``), with ``tests/generators/test_golden.py`` deselected: a mutant counts as killed only by a
behavioural assertion. A mutant whose tests run past ``--timeout`` counts as killed (a hang is
caught). The report gives the kill rate per room and the survivors with their diff.

``EQUIVALENT`` lists the mutation sites that cannot be killed because the mutant behaves like the
original (or the line cannot be reached in this model), each with the reason; they are not drawn.
``--plant PATH:LINE:OLD:NEW`` runs one hand-written mutant (the first ``OLD`` on that line of the
package file becomes ``NEW``) against the room's tests, or ``--tests``: the way a new test is shown
to fail on the defect it guards against.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import io
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import tokenize
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "alpseesaw"
#: room -> the tests that exercise it (the default suite's selection applies: not slow).
ROOMS: dict[str, tuple[str, ...]] = {
    "model": ("tests/model", "tests/ufo/test_widths.py", "tests/generators/test_calchep.py"),
    "physics": ("tests/physics",),
    "generators": (
        "tests/generators",
        "tests/ufo",
        "tests/test_micromegas_project.py",
        "tests/test_micromegas_project_stub.py",
    ),
    "runners": (
        "tests/runners",
        "tests/validation/test_crossval_campaign.py",
        "tests/test_micromegas_project_stub.py",
    ),
}
GOLDEN = "tests/generators/test_golden.py"
SWAPS = {
    "+": "-", "-": "+", "*": "/", "/": "*", "**": "*", "<": "<=", "<=": "<", ">": ">=",
    ">=": ">", "==": "!=", "!=": "==", "and": "or", "or": "and", "True": "False", "False": "True",
}  # fmt: skip
#: Lines containing these are messages, logging or output formatting: not mutated.
SKIP_MARKERS = ("msg", "raise ", "echo", "print(", "log.", "warn", 'f"', "help=", "# fmt")
#: Equivalent or unreachable mutants: (path, a piece of the original line, old token, new token)
#: -> why no test can tell the mutant from the original. Checked by hand; not drawn.
EQUIVALENT: dict[tuple[str, str, str, str], str] = {}


@dataclass(frozen=True)
class Mutant:
    room: str
    path: str  # relative to the package
    line: int
    col: int
    old: str
    new: str
    source: str  # the original line


def _number_mutation(text: str) -> str | None:
    body = text.replace("_", "")
    try:
        if body.isdigit():
            return str(int(body) + 1)
        value = float(body)
    except ValueError:
        return None
    return repr(value * 2) if value else "1.0"


def candidates(room: str) -> list[Mutant]:
    """Every mutation site of the room's source files (function bodies only)."""
    out: list[Mutant] = []
    for path in sorted((PACKAGE / room).rglob("*.py")):
        text = path.read_text()
        lines = text.splitlines()
        body_lines = _function_body_lines(text)
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            row, col = tok.start
            if row not in body_lines:
                continue
            line = lines[row - 1]
            if any(m in line for m in SKIP_MARKERS) or line.lstrip().startswith(("#", "@")):
                continue
            new = None
            if tok.type == tokenize.OP or (tok.type == tokenize.NAME and tok.string in SWAPS):
                new = SWAPS.get(tok.string)
                if tok.string in ("*", "**") and _is_star_arg(line, col):
                    new = None
            elif tok.type == tokenize.NUMBER:
                new = _number_mutation(tok.string)
            if new is not None:
                rel = str(path.relative_to(PACKAGE))
                if not equivalent(rel, line, tok.string, new):
                    out.append(Mutant(room, rel, row, col, tok.string, new, line))
    return out


def equivalent(path: str, line: str, old: str, new: str) -> str | None:
    """The recorded reason if this mutation is in ``EQUIVALENT``, else None."""
    for (p, piece, o, n), why in EQUIVALENT.items():
        if p == path and o == old and n == new and piece in line:
            return why
    return None


def planted(spec: str) -> Mutant:
    """``PATH:LINE:OLD:NEW`` -> the mutant replacing the first ``OLD`` on that line."""
    path, line_no, old, new = spec.split(":", 3)
    line = (PACKAGE / path).read_text().splitlines()[int(line_no) - 1]
    col = line.find(old)
    if col < 0:
        msg = f"--plant: {old!r} is not on line {line_no} of {path}: {line.strip()}"
        raise SystemExit(msg)
    return Mutant(path.split("/")[0], path, int(line_no), col, old, new, line)


def _is_star_arg(line: str, col: int) -> bool:
    """``*args``/``**kw`` and keyword-only markers, not multiplication."""
    before = line[:col].rstrip()
    return not before or before[-1] in "(,[{=" or before.endswith(("lambda", "return", "yield"))


def _function_body_lines(text: str) -> set[int]:
    import ast

    tree = ast.parse(text)
    rows: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for stmt in node.body:
                if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
                    continue  # the docstring
                rows.update(range(stmt.lineno, (stmt.end_lineno or stmt.lineno) + 1))
    return rows


def apply(m: Mutant, root: Path) -> str:
    """Write the mutant into the package copy at ``root``; return the changed line."""
    path = root / "alpseesaw" / m.path
    lines = path.read_text().splitlines(keepends=True)
    line = lines[m.line - 1]
    assert line[m.col : m.col + len(m.old)] == m.old, (m, line)
    lines[m.line - 1] = line[: m.col] + m.new + line[m.col + len(m.old) :]
    path.write_text("".join(lines))
    return lines[m.line - 1].rstrip("\n")


def run_mutant(
    m: Mutant, timeout_s: float, tests: tuple[str, ...] | None = None
) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="alpseesaw-mutant-") as tmp:
        root = Path(tmp) / "src"
        shutil.copytree(PACKAGE, root / "alpseesaw", ignore=shutil.ignore_patterns("__pycache__"))
        changed = apply(m, root)
        shared = ROOT.parent / "shared"  # ../shared/data beside the copy, as beside the repository
        if shared.is_dir():
            (Path(tmp) / "shared").symlink_to(shared, target_is_directory=True)
        env = dict(os.environ, PYTHONPATH=str(root), PYTHONDONTWRITEBYTECODE="1")
        argv = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider",
                "--deselect", GOLDEN, *(tests or ROOMS[m.room])]  # fmt: skip
        t0 = time.perf_counter()
        try:
            proc = subprocess.run(
                argv,
                check=False,
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=timeout_s,
            )
        except subprocess.TimeoutExpired:
            status, tail = "killed (timeout)", ""
        else:
            status = "survived" if proc.returncode == 0 else "killed"
            out = proc.stdout.strip().splitlines()
            failed = [ln.split(" - ")[0] for ln in out if ln.startswith(("FAILED", "ERROR"))]
            tail = " | ".join([*failed[:1], *out[-1:]])
            if proc.returncode not in (0, 1):  # collection error, crash: still a failing suite
                status = "killed (error)"
        return {
            **asdict(m),
            "mutated": changed,
            "status": status,
            "seconds": round(time.perf_counter() - t0, 1),
            "pytest": tail,
        }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mutants", type=int, default=40, help="how many mutants (split over rooms)")
    ap.add_argument(
        "--seed", type=int, default=2026, help="seed of the draw (a fresh set: new seed)"
    )
    ap.add_argument("--rooms", default=",".join(ROOMS), help="comma-separated rooms")
    ap.add_argument("--jobs", type=int, default=1, help="mutants run side by side")
    ap.add_argument("--timeout", type=float, default=900.0, help="seconds per mutant")
    ap.add_argument("--out", type=Path, default=None, help="write the JSON report here")
    ap.add_argument("--plant", default=None, help="one mutant PATH:LINE:OLD:NEW (see above)")
    ap.add_argument("--tests", nargs="*", default=None, help="with --plant: these tests")
    args = ap.parse_args(argv)
    if args.plant:
        r = run_mutant(planted(args.plant), args.timeout, tuple(args.tests or ()) or None)
        print(f"{r['path']}:{r['line']}: {r['source'].strip()}  ->  {r['mutated'].strip()}")
        print(f"{r['status']} ({r['seconds']} s): {r['pytest']}")
        return 0 if r["status"].startswith("killed") else 1
    rooms = [r for r in args.rooms.split(",") if r]
    rng = random.Random(args.seed)
    chosen: list[Mutant] = []
    for k, room in enumerate(rooms):
        pool = candidates(room)
        n = args.mutants // len(rooms) + (1 if k < args.mutants % len(rooms) else 0)
        chosen += rng.sample(pool, min(n, len(pool)))
    print(f"{len(chosen)} mutants (seed {args.seed}) over {', '.join(rooms)}", flush=True)
    results = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for r in pool.map(lambda m: run_mutant(m, args.timeout), chosen):
            mark = "ok  " if r["status"].startswith("killed") else "LIVE"
            print(f"{mark} {r['path']}:{r['line']} {r['old']!r}->{r['new']!r}  {r['status']}"
                  f" ({r['seconds']} s)", flush=True)  # fmt: skip
            results.append(r)
    killed = sum(r["status"].startswith("killed") for r in results)
    summary = {
        "seed": args.seed,
        "mutants": len(results),
        "killed": killed,
        "kill_rate": killed / len(results) if results else None,
        "by_room": {
            room: {
                "mutants": sum(r["room"] == room for r in results),
                "killed": sum(
                    r["room"] == room and r["status"].startswith("killed") for r in results
                ),
            }
            for room in rooms
        },
        "survivors": [r for r in results if r["status"] == "survived"],
        "results": results,
    }
    print(f"kill rate {killed}/{len(results)} = {summary['kill_rate']:.1%}")
    for r in summary["survivors"]:
        print(
            f"  survived: {r['path']}:{r['line']}: {r['source'].strip()}  ->  {r['mutated'].strip()}"
        )
    if args.out:
        args.out.write_text(json.dumps(summary, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
