"""File output of the neutrino scan and of Table 3 / Fig. 2 (thin I/O layer; atomic writes)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from alpseesaw import files
from alpseesaw.physics.neutrino.reproduce import (
    Table3Row,
    fig2_columns,
    formula_agreement,
    mee_formula_curve,
    table3_csv,
    table3_markdown,
)

if TYPE_CHECKING:
    import os
    from collections.abc import Mapping, Sequence

    from alpseesaw.physics.neutrino.scan import ScanResult

COLORS = {"A": "tab:blue", "B": "tab:orange"}


def atomic_write(path: Path, data: str | bytes) -> Path:
    """Write ``data`` to ``path`` atomically (``alpseesaw.files``), creating its directory."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return files.atomic_write(path, data)


def _csv(cols: Mapping[str, Sequence[object]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(list(cols))
    for row in zip(*cols.values(), strict=True):
        w.writerow([repr(float(v)) if isinstance(v, float | np.floating) else v for v in row])
    return buf.getvalue()


def write_scan(out_dir: str | os.PathLike[str], result: ScanResult) -> list[Path]:
    """``points.csv`` (parameters, observables, stage), ``summary.json``, ``convergence.csv``.

    Units in ``points.csv``: kappa, masses in eV; dm2 in eV^2; phi in radians; delta in degrees.
    """
    out = Path(out_dir)
    table = {k: v.tolist() for k, v in result.table().items()}
    conv = {
        k: [row[k] for row in result.convergence]
        for k in (result.convergence[0] if result.convergence else {})
    }
    return [
        atomic_write(out / "points.csv", _csv(table)),
        atomic_write(
            out / "summary.json", json.dumps(result.summary(), indent=2, allow_nan=True) + "\n"
        ),
        atomic_write(out / "convergence.csv", _csv(conv)),
    ]


def write_table3(out_dir: str | os.PathLike[str], rows: Sequence[Table3Row]) -> list[Path]:
    """``table3.csv`` and ``table3.md`` (ours beside the paper's)."""
    out = Path(out_dir)
    return [
        atomic_write(out / "table3.csv", table3_csv(rows)),
        atomic_write(out / "table3.md", table3_markdown(rows)),
    ]


def fig2_png(results: Sequence[ScanResult]) -> bytes:
    """Fig. 2: (a) phi vs delta, (b) delta vs m_ee with (4.3)/(4.4) at the Table 2 best fit."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(11, 4.5), layout="constrained")
    ax_a, ax_b = fig.subplots(1, 2)
    grid = np.linspace(0.0, 360.0, 721)
    for r in results:
        c = COLORS.get(r.texture, "k")
        label = f"texture {r.texture} ({r.ordering}, {r.n_viable} points)"
        ax_a.scatter(
            r.params[:, 6],
            r.observables.delta_cp_deg,
            s=1.5,
            color=c,
            alpha=0.5,
            label=label,
            rasterized=True,
        )
        ax_b.scatter(
            r.observables.delta_cp_deg,
            1e3 * r.observables.m_ee,
            s=1.5,
            color=c,
            alpha=0.5,
            label=label,
            rasterized=True,
        )
    for t, style in (("A", "-"), ("B", "--")):
        eq = "(4.3)" if t == "A" else "(4.4)"
        ax_b.plot(
            grid,
            1e3 * mee_formula_curve(t, grid),
            style,
            color="k",
            lw=1.2,
            label=f"eq {eq} at Table 2 best fit ({t})",
        )
    ax_a.set(
        xlabel=r"$\phi$ [rad]",
        ylabel=r"$\delta_{CP}$ [deg]",
        xlim=(0, 2 * np.pi),
        ylim=(0, 360),
        title=r"(a) $\phi$ vs $\delta_{CP}$",
    )
    ax_b.set(
        xlabel=r"$\delta_{CP}$ [deg]",
        ylabel=r"$m_{ee}$ [meV]",
        xlim=(0, 360),
        title=r"(b) $\delta_{CP}$ vs $m_{ee}$",
    )
    for ax in (ax_a, ax_b):
        ax.legend(loc="best", fontsize=7, markerscale=5)
        ax.grid(alpha=0.3)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=120)
    return buf.getvalue()


def write_fig2(out_dir: str | os.PathLike[str], results: Sequence[ScanResult]) -> list[Path]:
    """``fig2.png``, ``fig2_points.csv`` (per point) and ``fig2_formula.csv`` (the drawn curves)."""
    out = Path(out_dir)
    grid = np.linspace(0.0, 360.0, 361)
    curves = {
        "delta_cp_deg": grid.tolist(),
        "m_ee_eq43_A_meV": (1e3 * mee_formula_curve("A", grid)).tolist(),
        "m_ee_eq44_B_meV": (1e3 * mee_formula_curve("B", grid)).tolist(),
    }
    agreement = {f"{r.texture}_{r.ordering}": formula_agreement(r) for r in results}
    return [
        atomic_write(out / "fig2.png", fig2_png(results)),
        atomic_write(out / "fig2_points.csv", _csv(fig2_columns(results))),
        atomic_write(out / "fig2_formula.csv", _csv(curves)),
        atomic_write(out / "fig2_formula_agreement.json", json.dumps(agreement, indent=2) + "\n"),
    ]


def read_scan_point(scan_dir: str | os.PathLike[str], index: int) -> tuple[str, np.ndarray]:
    """``(texture, params)`` of row ``index`` of a scan directory written by ``write_scan``.

    Raises ``InputError`` for a missing or malformed directory, ``ParameterError`` for an index out
    of range.
    """
    from alpseesaw.errors import InputError, ParameterError
    from alpseesaw.physics.neutrino.textures import PARAM_NAMES

    d = Path(scan_dir)
    try:
        summary = json.loads((d / "summary.json").read_text(encoding="utf-8"))
        with (d / "points.csv").open(newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
    except (OSError, ValueError) as exc:
        msg = f"{d} is not a neutrino scan directory (summary.json and points.csv): {exc}"
        raise InputError(msg) from exc
    if not 0 <= index < len(rows):
        raise ParameterError("index", index, f"0 <= index < {len(rows)}", f"viable points in {d}")
    try:
        params = np.array([float(rows[index][n]) for n in PARAM_NAMES])
        texture = str(summary["texture"])
    except (KeyError, ValueError) as exc:
        msg = f"{d / 'points.csv'}: malformed row {index}: {exc}"
        raise InputError(msg) from exc
    return texture, params
