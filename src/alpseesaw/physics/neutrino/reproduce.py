"""Table 3 and Fig. 2 of the paper from our scans, and the empirical formulas (4.3)/(4.4).

Pure functions: scan results in, rows / columns / text out. Files are written by ``output``.
"""

from __future__ import annotations

import csv
import io
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike, NDArray

from alpseesaw.physics.neutrino.data import load_oscillation_data
from alpseesaw.physics.neutrino.textures import check_texture

if TYPE_CHECKING:
    from collections.abc import Sequence

    from alpseesaw.physics.neutrino.scan import ScanResult

R = NDArray[np.float64]

#: Keys of ``summary.json`` / Table 3 columns, with their labels and units.
TABLE3_KEYS: tuple[tuple[str, str], ...] = (
    ("delta_cp_deg", "delta_CP [deg]"),
    ("sum_m_meV", "sum m_i [meV]"),
    ("m_eff_meV", "m_eff(nu_e) [meV]"),
    ("m_ee_meV", "m_ee [meV]"),
)


@cache
def load_paper_table3() -> dict[str, dict[str, tuple[float, float]]]:
    """Table 3 as printed in the paper (NO only): ``{texture: {key: (low, high)}}``."""
    text = (
        resources.files("alpseesaw")
        .joinpath("data", "oscillation_paper_table3.toml")
        .read_text(encoding="utf-8")
    )
    raw = tomllib.loads(text)
    return {t: {k: (float(v[0]), float(v[1])) for k, v in raw[t].items()} for t in ("A", "B")}


def mee_empirical(
    texture: str,
    delta_deg: ArrayLike,
    sin2_theta12: ArrayLike,
    sin2_theta13: ArrayLike,
    dm2_sol: ArrayLike,
    dm2_atm: ArrayLike,
) -> R:
    """The paper's empirical ``m_ee(delta)``, eq (4.3) (texture A) or (4.4) (B); in eV.

    ``m_ee = s12^2 c13^2 sqrt(dm2_sol) + s13^2 sqrt(dm2_atm) cos(delta [+ pi for B])`` with the
    mass-squared differences in eV^2. It is the NO value of ``|sum U_ei^2 m_i|`` (m1 = 0) when the
    relative Majorana phase of m2 and m3 equals ``delta`` (A) or ``delta + pi`` (B).
    """
    check_texture(texture)
    d = np.radians(np.asarray(delta_deg, dtype=float)) + (0.0 if texture == "A" else np.pi)
    s12, s13 = np.asarray(sin2_theta12, dtype=float), np.asarray(sin2_theta13, dtype=float)
    return s12 * (1.0 - s13) * np.sqrt(dm2_sol) + s13 * np.sqrt(dm2_atm) * np.cos(d)


def mee_formula_at_points(result: ScanResult) -> R:
    """Eq (4.3)/(4.4) evaluated with each viable point's own angles, splittings and delta (eV)."""
    o = result.observables
    return mee_empirical(
        result.texture, o.delta_cp_deg, o.sin2_theta12, o.sin2_theta13, o.dm2_sol, o.dm2_atm
    )


def mee_formula_curve(texture: str, delta_deg: ArrayLike, ordering: str = "NO") -> R:
    """Eq (4.3)/(4.4) at the Table 2 best-fit values (eV), as drawn over Fig. 2 (b)."""
    d = load_oscillation_data(ordering)
    return mee_empirical(
        texture,
        delta_deg,
        d["sin2_theta12"].best,
        d["sin2_theta13"].best,
        d["dm2_sol"].best,
        d["dm2_atm"].best,
    )


@dataclass(frozen=True)
class Table3Row:
    """Our ranges for one texture and ordering beside the paper's (``None``: not in the paper)."""

    texture: str
    ordering: str
    n_viable: int
    ours: dict[str, tuple[float, float]]
    paper: dict[str, tuple[float, float]] | None
    delta_arc: tuple[float, float]


def table3_rows(results: Sequence[ScanResult]) -> list[Table3Row]:
    """One row per scan result, in the given order."""
    paper = load_paper_table3()
    rows = []
    for r in results:
        s = r.summary()
        ours = {k: (float(s[k][0]), float(s[k][1])) for k, _ in TABLE3_KEYS}  # type: ignore[index]
        arc = r.data["delta_cp_deg"]
        rows.append(
            Table3Row(
                texture=r.texture,
                ordering=r.ordering,
                n_viable=r.n_viable,
                ours=ours,
                paper=paper.get(r.texture) if r.ordering == "NO" else None,
                delta_arc=(arc.low, arc.high),
            )
        )
    return rows


def _fmt_delta(lo: float, hi: float) -> str:
    if not np.isfinite(lo):
        return "none"
    if hi <= 360.0:
        return f"{lo:.2f}-{hi:.2f}"
    return f"{lo:.2f}-360 and 0-{hi - 360.0:.2f}"


def _fmt(lo: float, hi: float) -> str:
    return "none" if not np.isfinite(lo) else f"{lo:.2f}-{hi:.2f}"


def table3_csv(rows: Sequence[Table3Row]) -> str:
    """Long-format CSV: texture, ordering, quantity, ours_min, ours_max, paper_min, paper_max.

    ``delta_cp_deg`` is given on the data arc: values above 360 mean ``value - 360`` (NO arc
    124 -> 364). Paper cells are empty where the paper gives no number (IO, stated non-viable).
    """
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(
        [
            "texture",
            "ordering",
            "n_viable",
            "quantity",
            "ours_min",
            "ours_max",
            "paper_min",
            "paper_max",
        ]
    )
    for r in rows:
        for key, _ in TABLE3_KEYS:
            lo, hi = r.ours[key]
            p = r.paper[key] if r.paper else ("", "")
            w.writerow([r.texture, r.ordering, r.n_viable, key, f"{lo:.4f}", f"{hi:.4f}", *p])
    return buf.getvalue()


def table3_markdown(rows: Sequence[Table3Row]) -> str:
    """Table 3 in Markdown: for every texture and ordering our ranges, the paper's below them."""
    head = "| Texture | Ordering | Source | " + " | ".join(label for _, label in TABLE3_KEYS) + " |"
    lines = [head, "|" + "---|" * (3 + len(TABLE3_KEYS))]
    for r in rows:
        cells = [_fmt_delta(*r.ours["delta_cp_deg"])] + [
            _fmt(*r.ours[k]) for k, _ in TABLE3_KEYS[1:]
        ]
        lines.append(
            f"| {r.texture} | {r.ordering} | this scan ({r.n_viable} points) | "
            + " | ".join(cells)
            + " |"
        )
        if r.paper is not None:
            pc = [_fmt(*r.paper[k]) for k, _ in TABLE3_KEYS]
            lines.append(
                f"| {r.texture} | {r.ordering} | paper, Table 3 | " + " | ".join(pc) + " |"
            )
        else:
            lines.append(
                f"| {r.texture} | {r.ordering} | paper | (no entry: the paper states that only NO is viable) |"
                + " |" * (len(TABLE3_KEYS) - 1)
            )
    lines.append("")
    lines.append(
        "delta_CP ranges are arcs inside the Table 2 3-sigma window (NO: 124 -> 360 -> 4 deg; IO: "
        "201 -> 335 deg). Masses in meV."
    )
    return "\n".join(lines) + "\n"


def fig2_columns(results: Sequence[ScanResult]) -> dict[str, list[object]]:
    """Fig. 2 data: per viable point texture, ordering, phi, delta, m_ee and the (4.3)/(4.4) value."""
    cols: dict[str, list[object]] = {
        k: []
        for k in ("texture", "ordering", "phi_rad", "delta_cp_deg", "m_ee_meV", "m_ee_formula_meV")
    }
    for r in results:
        n = r.n_viable
        cols["texture"] += [r.texture] * n
        cols["ordering"] += [r.ordering] * n
        cols["phi_rad"] += r.params[:, 6].tolist()
        cols["delta_cp_deg"] += r.observables.delta_cp_deg.tolist()
        cols["m_ee_meV"] += (1e3 * r.observables.m_ee).tolist()
        cols["m_ee_formula_meV"] += (1e3 * mee_formula_at_points(r)).tolist()
    return cols


def formula_agreement(result: ScanResult) -> dict[str, float]:
    """How well (4.3)/(4.4) (at each point's own parameters) matches m_ee: max and rms |diff| (meV)."""
    if result.n_viable == 0:
        return {"max_abs_meV": float("nan"), "rms_meV": float("nan")}
    d = 1e3 * (result.observables.m_ee - mee_formula_at_points(result))
    return {"max_abs_meV": float(np.max(np.abs(d))), "rms_meV": float(np.sqrt(np.mean(d * d)))}
