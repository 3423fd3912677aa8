"""Mutation testing: plant single-token defects in model/, physics/, generators/, runners/ and
report how many the default suite's behavioural assertions kill (golden-file tests excluded).

Usage::

    python tools/mutate.py --mutants 40 --seed 2026 --out mutation.json [--jobs 2]
    python tools/mutate.py --plant 'physics/g2.py:100:1.0 - r:2.0 - r' [--tests tests/physics/test_g2.py]
    python tools/mutate.py --plant model/feynman.py:283 --old 'p[1:]' --new 'p[2:]'

Each mutant is one token of one line of the package changed the way a real bug would change it
(``+`` <-> ``-``, ``*`` <-> ``/``, ``**`` -> ``*``, ``<`` <-> ``<=``, ``>`` <-> ``>=``, ``==``
<-> ``!=``, ``and`` <-> ``or``, ``True`` <-> ``False``, an integer n -> n + 1, a float x -> 2 x),
drawn at random (``--seed``) among the lines of function bodies, outside messages and logging.
The package is copied to a temporary directory, the one line changed there, and pytest runs the
tests of the mutated room against the copy (``PYTHONPATH``), stopping at the first failure
(``-x``), with the golden files and the IR snapshot's freshness tests deselected (``GOLDEN``): a
mutant counts as killed only by a behavioural assertion. A mutant whose tests run past ``--timeout`` counts as killed (a hang is
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
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "alpseesaw"
#: room -> the tests that exercise it (the default suite's selection applies: not slow).
ROOMS: dict[str, tuple[str, ...]] = {
    # test_ufo_ufoamp: amplitudes of the emitted UFO (e+ e- -> W+ W- gauge cancellations) are the
    # default suite's check of the triple-gauge vertices' sign relative to the fermion ones
    "model": (
        "tests/model",
        "tests/ufo/test_widths.py",
        "tests/ufo/test_ufo_ufoamp.py",
        "tests/generators/test_calchep.py",
        "tests/generators/test_lanhep.py",  # the LanHEP forms of model/forms.py
        "tests/test_cli_cards.py",  # the card's edge (model/card.py) as the user meets it
    ),
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
#: Change detectors, not behaviour: the golden files, and the IR snapshot's tests (all six of
#: tests/model/test_snapshot.py assume the shipped snapshot is fresh for the model sources it is
#: keyed on, so every edit of them fails them, by design: a byte-only edit, inputs.py's
#: "2 * sp.sqrt" -> "2*sp.sqrt", fails the six and nothing else, checked 2026-12-04).
GOLDEN = (
    "tests/generators/test_golden.py",
    "tests/model/test_snapshot.py",
)
SWAPS = {
    "+": "-", "-": "+", "*": "/", "/": "*", "**": "*", "<": "<=", "<=": "<", ">": ">=",
    ">=": ">", "==": "!=", "!=": "==", "and": "or", "or": "and", "True": "False", "False": "True",
}  # fmt: skip
#: Lines containing these are messages, logging or output formatting: not mutated.
SKIP_MARKERS = ("msg", "raise ", "echo", "print(", "log.", "warn", 'f"', "help=", "# fmt")
#: Equivalent mutants, checked by hand and not drawn: (path, function, the original line's text
#: with the token between guillemets, the new token) -> why no test can tell them apart.
# fmt: off
EQUIVALENT: dict[tuple[str, str, str, str], str] = {
    ("model/ir.py", "model_hash", "sort_keys=«True»", "False"):
        "serialise() builds every dict in a fixed order, so the JSON text and its digest are as "
        "deterministic and as sensitive to the IR without sort_keys; only the digest's value "
        "changes (manifest.json's model_hash: a golden file, not a behaviour)",
    ("model/feynman.py", "_full_key", "for x in p[«1»:]", "2"):
        "the last sort's tie-break on a primitive's first index: without it 22 structures of the IR "
        "list the same factors in another order (P(-1,1) P(-2,2) for P(-2,2) P(-1,1), g(2,3) g(1,4) "
        "for g(1,4) g(2,3)), every coupling and value unchanged (serialise() diff, 2026-12-04); the "
        "order-and-renaming test of test_canonical_structures.py passes with it",
    ("model/widths.py", "sym_lorentz", "values, strict=«True»)", "False"):
        "names and values come from one list: strict only raises on unequal lengths",
    ("model/checks.py", "check_spectrum", "scale[legs] = max(m**2, «1.0»)", "2.0"):
        "the floor of the mass scale of a massless vector's mass term (1 or 2 GeV^2, times rtol "
        "1e-9): the photon and gluon mass terms of the model are 0 up to rounding, far below either",
    ("model/checks.py", "check_spectrum", "abs(got - target) «>» max(tol", ">="):
        "differs only when the deviation equals the tolerance exactly (a float edge)",
    ("generators/complexparts.py", "ComplexProducts.__init__", "self._count = «0»", "1"):
        "the counter only numbers the declared products CPr<n>/CPi<n>: starting at 1 names them "
        "CPr2, CPr3, ..., still unique and used consistently; only the emitted text changes",
    ("generators/lanhep.py", "merged_couplings", "if len(ks) «>» 1", ">="):
        "the permutations of a one-leg group are the identity: the same products",
    ("generators/printers/lanhep.py", "LanHEPPrinter._print_Pow", "exp.is_Integer and exp «<» 0", "<="):
        "x**0 never reaches the printer: SymPy evaluates it to 1",
    ("physics/g2.py", "loop_b", "for p in («1.0» - 10.0 * r", "2.0"):
        "a quadrature breakpoint only: with or without it loop_b agrees with a 30-digit mpmath "
        "quadrature of its integrand to 1e-10 for r = 1e-8..1, ln_cut = 10 (scan of 2026-12-04)",
    ("physics/calculator.py", "RelicCalculator._warnings", "sv_slow is not None and tot0 «>» 0", ">="):
        "differs only at sigma v(v -> 0) = 0, which no valid card reaches: the s-wave chi chi~ -> "
        "a* -> nu nu (coupling ~ m_nu/fa) is always open",
    ("physics/calculator.py", "RelicCalculator._warnings", "svx_25 is not None and tot0 «>» 0", ">="):
        "as the line above: sigma v(v -> 0) > 0 at every valid card",
    ("physics/fig3.py", "summary", "np.maximum(lo, relic_lo) «<=» np.minimum(hi, relic_hi)", "<"):
        "differs only when an edge of a g-2 stripe equals an edge of the relic band exactly (a "
        "float edge; touching bands)",
    ("runners/container.py", "_check_non_root", 'user.split(":", «1»)[0]', "2"):
        "the first field of str.split is the same for every maxsplit >= 1",
    ("runners/micromegas.py", "_copy_products", "(dst / rel).mkdir(parents=«True»", "False"):
        "the runtime directories are work/tmp, work/results, work/so_generated, and work/ was made "
        "by the loop above (the parent of work/work_aux.a): parents=False makes the same tree",
    ("runners/micromegas.py", "_publish", "(tmp / rel).mkdir(parents=«True»", "False"):
        "as in _copy_products: work/ exists after the loop that copied work/work_aux.a",
    ("generators/lanhep.py", "_piece", "allow_i=«True»", "False"):
        "a Piece's expr is the real or imaginary part of a coefficient (model/forms.py), never "
        "holding i: the emitted LanHEP files are byte-identical with False (checked 2026-12-04)",
    ("physics/qcd.py", "_find_lambda", "alpha / («11» - 2 * nf / 3.0)", "12"):
        "the one-loop starting guess of the regula falsi for Lambda: the bracket is widened from "
        "it until it holds the root, which is the same to the stopping rule (1e-5)",
    ("generators/ufo/parameters.py", "used_names", 'q.kind == "internal" «and» q.expr', "or"):
        "the two conditions coincide: every parameter of kind internal has an expression and no "
        "other has one (IR of both gauges: 37/38 internal with expr, externals and numeric "
        "outputs without)",
    ("generators/calchep.py", "_table", "zip(header, widths, strict=«True»)", "False"):
        "widths is made from header, one per column: strict only raises on unequal lengths",
    ("physics/g2.py", "loop_b", "for p in (1.0 «-» 10.0 * r", "+"):
        "a quadrature breakpoint only (moved out of (0, 1), so dropped): loop_b still agrees with "
        "a 30-digit mpmath quadrature to 7e-12 for r = 1e-8..1, ln_cut = 10 (2026-12-04)",
    ("physics/g2.py", "loop_b", "10.0 * r, 1.0 «-» r)", "+"):
        "as the line above: the other breakpoint, agreement to 2e-12",
    ("physics/calculator.py", "RelicCalculator.from_couplings", "zip(m, sv0.sum(axis=1), strict=«True»)", "False"):
        "m and the row sums of sv0 have one length (N points): strict only raises on unequal lengths",
    ("physics/neutrino/scan.py", "_Problem.pulls_of", "posinf=«1e3»", "2000.0"):
        "the pull given to an infinite observable: any value far outside the 3 sigma box "
        "(|pull| <= 1) marks the point not viable and pushes the fit away; the scan tests pass "
        "with 2000 (only the optimiser's path can change)",
    ("runners/micromegas.py", "_copy_products", "target.parent.mkdir(parents=«True»", "False"):
        "the project receiving the built products already holds its sources (work/models/ among "
        "them): the parent of every product (the project, work/) exists",
    ("model/checks.py", "_nonzero_at", "if abs(value) «>» rtol * sum(", ">="):
        "differs only when |sum| equals rtol times the bound exactly (a float edge) or when every "
        "coefficient of a structure is 0, which no raw structure of the model is (every check "
        "passes with >=, both gauges)",
    ("generators/printers/fast.py", "_LanHEP.power_pq", "            if p «<» 0:", "<="):
        "p = 0 would be b**0, which SymPy evaluates to 1 before any printer sees it (as in the "
        "LanHEP printer's entry above)",
    ("physics/relic.py", "_tail_integral", "b / («2» * x_lo**2)", "3"):
        "the p-wave part of the closed-form remainder beyond the table's coldest T (x_lo >= m/20 "
        "keV >= 2000): b/(2 x_lo^2) against a/x_lo and the depletion before x = 2000; with it 3 "
        "instead of 2, Omega h^2 moves by 1.9e-5 in the most favourable case (m = 10 MeV, "
        "<sigma v> = a (1 + 2000/x), measured 2026-12-04), by less at every larger mass",
    ("physics/relic.py", "_tail_integral", "a / x_lo «+» b / (2", "-"):
        "as the line above: flipping the sign of that b/(2 x_lo^2) term moves Omega h^2 by at most "
        "3 x 1.9e-5 = 6e-5",
    ("physics/relic.py", "_tail_integral", "x_lo**«2»))", "3"):
        "as the line above: b/(2 x_lo^3) drops that term (x_lo >= 2000), at most 6e-5 of Omega h^2",
    ("physics/neutrino/takagi.py", "takagi_entries", "cb[1] * inv, «0.0»)", "1.0"):
        "the fallback vector of nb == 0 (a degenerate 2x2 block), which the bad flag sends to "
        "takagi_robust: the value is never used",
    ("physics/neutrino/takagi.py", "takagi_entries", "~(l2 «>» 0.0)", ">="):
        "l2 = 0 is the zero matrix, which the closed form factorises correctly as well (checked)",
    ("generators/printers/fast.py", "_Infix.mul", "f.exp.is_Rational and f.exp.p < «0»:", "1"):
        "a Rational exponent of a Pow in a product has p != 0 (x**0 is 1 before any printer sees "
        "it, as in the entries of the LanHEP printer above), so p < 0 and p < 1 select the same "
        "factors (seed 3141)",
    ("generators/printers/fast.py", "_Infix.mul", "f.exp.is_Rational and f.exp.p «<» 0:", "<="):
        "as the line above: p = 0 never reaches the printer, so p <= 0 and p < 0 agree",
    ("physics/calculator.py", "RelicCalculator.sigma_v", "self._group_index, strict=«True»)", "False"):
        "the groups and their index lists are made together from one list (strict only raises "
        "on unequal lengths)",
    ("runners/container.py", "_WarmContainer._reply_line", "os.read(self._fds[1], «65536»)", "65537"):
        "the read size of a non-blocking pipe read loop: the loop drains the pipe either way "
        "(a reply line is ~40 bytes)",
    ("runners/micromegas.py", "build_key", "h.hexdigest()[:«32»]", "33"):
        "the length of the build's cache key, a prefix of its sha256: the key is only ever "
        "compared with keys made by this function (the project stamp, the cache directory "
        "micromegas/<key>/; docs/micromegas.md 4 documents the digest, not the length), so 33 "
        "hex digits name the same builds; only the entries cached by an earlier version are not "
        "found and built once more, as after any change of the recipe tag (build-v1)",
    ("physics/neutrino/scan.py", "scan", "seeds.shape[0] and seeds.shape[0] «<» n_points", "<="):
        "differs only when stage 1 found exactly n_points: the walk is then asked for 0 points "
        "and records none (the same points); only the random stream stage 3 continues from moves "
        "on, another equally valid draw of the same extremes search",
    ("runners/container.py", "_WarmContainer._request", "wait = «0.5» if deadline is None", "1.0"):
        "the longest wait on the replies FIFO (0.5 or 1 s): a reply wakes select at once, and "
        "the liveness check falls due every 1 s either way (a wait of up to 1 s ends at or after "
        "it; the fake-clock tests of test_runners_container.py pass with 1.0)",
    ("runners/container.py", "_WarmContainer._request", "max(0.0, min(«0.5», deadline - now))", "1.0"):
        "as the line above, with a timeout: the last wait is what is left of it either way, so "
        "the command still ends at its timeout",
    ("physics/amplitudes.py", "s_channel_denominator", "np.where(q2 «>» b2 * w2", ">="):
        "CalcHEP's window is continuous there: at q^2 = BWrange^2 w^2 both branches give w^2",
    ("physics/amplitudes.py", "s_channel_denominator", "np.where(q2 «>» (b2 + 1) * w2", ">="):
        "as the line above: at q^2 = (BWrange^2 + 1) w^2 both branches give 0",
    ("model/checks.py", "_evaluator.walk", "if draw is None «or» e.name in values", "and"):
        "every evaluator is made either with values and no draw or with a draw and no values: a "
        "symbol is read from values in the first case and drawn in the second, with or or and; "
        "only a symbol missing from values raises another error (TypeError for KeyError), and no "
        "caller catches either (seed 4217)",
}
# fmt: on


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
        rel = str(path.relative_to(PACKAGE))
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
                m = Mutant(room, rel, row, col, tok.string, new, line)
                if equivalent(m, body_lines[row]) is None:
                    out.append(m)
    return out


def equivalent(m: Mutant, function: str) -> str | None:
    """The recorded reason if this mutant is in ``EQUIVALENT``, else None."""
    for (path, func, marked, new), why in EQUIVALENT.items():
        before, rest = marked.split("«")
        token, after = rest.split("»")
        piece = before + token + after
        at = m.source.find(piece)
        same = (path, func, token, new) == (m.path, function, m.old, m.new)
        if same and at >= 0 and at + len(before) == m.col:
            return why
    return None


def planted(spec: str, old: str | None = None, new: str | None = None) -> Mutant:
    """``PATH:LINE:OLD:NEW`` (or ``PATH:LINE`` with ``old``/``new``, for texts holding a colon)
    -> the mutant replacing the first ``OLD`` on that line."""
    if old is not None and new is not None:
        path, line_no = spec.split(":")
    else:
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


def _function_body_lines(text: str) -> dict[int, str]:
    """Row -> qualified name of the innermost function whose body holds it (docstrings out)."""
    import ast

    rows: dict[int, str] = {}

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                name = prefix + child.name
                for stmt in child.body:
                    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
                        continue  # the docstring
                    for r in range(stmt.lineno, (stmt.end_lineno or stmt.lineno) + 1):
                        rows[r] = name  # inner functions overwrite below
                visit(child, name + ".")
            elif isinstance(child, ast.ClassDef):
                visit(child, prefix + child.name + ".")
            else:
                visit(child, prefix)

    visit(ast.parse(text), "")
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


def run_mutant(m: Mutant, timeout_s: float, tests: tuple[str, ...] | None = None) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="alpseesaw-mutant-") as tmp:
        # TMP/repo/src/alpseesaw beside TMP/shared, as the checkout's src/ beside ../shared: the
        # package finds ../shared/data from its own location (gamma_lines.repo_data_dir), so the
        # tests that need the data run on the copy too (they were skipped with TMP/src)
        root = Path(tmp) / "repo" / "src"
        shutil.copytree(PACKAGE, root / "alpseesaw", ignore=shutil.ignore_patterns("__pycache__"))
        changed = apply(m, root)
        shared = ROOT.parent / "shared"
        if shared.is_dir():
            (Path(tmp) / "shared").symlink_to(shared, target_is_directory=True)
        # the image recipe, found from the package's location in a checkout (image.recipe_dir)
        (root.parent / "containers").symlink_to(ROOT / "containers", target_is_directory=True)
        env = dict(os.environ, PYTHONPATH=str(root), PYTHONDONTWRITEBYTECODE="1")
        argv = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider",
                *(a for g in GOLDEN for a in ("--deselect", g)), *(tests or ROOMS[m.room])]  # fmt: skip
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
    ap.add_argument("--old", default=None, help="with --plant PATH:LINE: the text to replace")
    ap.add_argument("--new", default=None, help="with --plant PATH:LINE: its replacement")
    ap.add_argument("--tests", nargs="*", default=None, help="with --plant: these tests")
    args = ap.parse_args(argv)
    if args.plant:
        m = planted(args.plant, args.old, args.new)
        r = run_mutant(m, args.timeout, tuple(args.tests or ()) or None)
        print(f"{r['path']}:{r['line']}: {r['source'].strip()}  ->  {r['mutated'].strip()}")
        print(f"{r['status']} ({r['seconds']} s): {r['pytest']}")
        return 0 if r["status"].startswith("killed") else 1
    rooms = [r for r in args.rooms.split(",") if r]
    rng = random.Random(args.seed)
    chosen: list[Mutant] = []
    for k, room in enumerate(rooms):
        sites = candidates(room)
        n = args.mutants // len(rooms) + (1 if k < args.mutants % len(rooms) else 0)
        chosen += rng.sample(sites, min(n, len(sites)))
    print(f"{len(chosen)} mutants (seed {args.seed}) over {', '.join(rooms)}", flush=True)
    started, load = time.time(), os.getloadavg()[0]
    results = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for r in pool.map(lambda m: run_mutant(m, args.timeout), chosen):
            mark = "ok  " if r["status"].startswith("killed") else "LIVE"
            print(f"{mark} {r['path']}:{r['line']} {r['old']!r}->{r['new']!r}  {r['status']}"
                  f" ({r['seconds']} s)", flush=True)  # fmt: skip
            results.append(r)
    killed = sum(r["status"].startswith("killed") for r in results)
    git = ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"]
    head = subprocess.run(git, check=False, capture_output=True, text=True).stdout.strip()
    summary = {
        "command": " ".join(["tools/mutate.py", *(argv if argv is not None else sys.argv[1:])]),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(started)),
        "commit": head,
        "load_average_at_start": round(load, 1),
        "wall_seconds": round(time.time() - started),
        "equivalent_not_drawn": len(EQUIVALENT),
        "seed": args.seed,
        "mutants": len(results),
        "killed": killed,
        "kill_rate": killed / len(results) if results else None,
        # timeouts count as killed (a hang is caught) but on a loaded machine a slow room can
        # time out too: the rate without them beside
        "killed_by_a_failing_test": sum(
            r["status"] in ("killed", "killed (error)") for r in results
        ),
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
