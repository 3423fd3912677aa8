"""Campaign outputs: the per-point table, the agreement summary and the ratio-versus-mass plot.

:func:`summarise` and :func:`table_rows` are pure (records in, JSON-able data out);
:func:`write_outputs` writes ``results.csv``, ``summary.json`` and ``ratio_vs_mass.png``
atomically into the campaign directory.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from alpseesaw import __version__
from alpseesaw.validation.store import write_json, write_text
from alpseesaw.validation.verdicts import Tolerances, Verdict, heavy_masses, judge, width_factor

RESULTS_FILE = "results.csv"
SUMMARY_FILE = "summary.json"
PLOT_FILE = "ratio_vs_mass.png"

#: Columns of results.csv, in order.
COLUMNS: tuple[str, ...] = (
    "label", "key", "family", "status", "verdict", "freeze_out_verdict", "category", "tags",
    "Mchi", "Ma", "Mphi", "fa", "Cgg", "Cmm", "Ma_over_2Mchi", "alp_width_over_Ma", "width_term",
    "omega_micromegas", "omega_boltzmann", "omega_freeze_out", "ratio_boltzmann",
    "ratio_expected", "ratio_freeze_out", "xf_micromegas", "xf_boltzmann", "xf_freeze_out",
    "sigmav_AA_micromegas", "sigmav_AA_ratio_corrected", "sigmav_mm_micromegas",
    "sigmav_mm_ratio_corrected", "other_channels_fraction", "micromegas_channels", "reasons",
    "error", "seconds_micromegas", "seconds_builtin", "worker",
)  # fmt: skip


def _get(obj: Mapping[str, Any] | None, *path: str) -> Any:
    for key in path:
        if not isinstance(obj, Mapping):
            return None
        obj = obj.get(key)
    return obj


def _ratio(a: Any, b: Any) -> float:
    try:
        return float(a) / float(b)
    except (TypeError, ValueError, ZeroDivisionError):
        return math.nan


def _check(verdict: Verdict, name: str) -> float:
    return next((c.ratio for c in verdict.checks if c.name == name), math.nan)


def expected_ratio(width_term: float, other_fraction: float) -> float:
    """First-order expectation of Omega(Boltzmann)/Omega(micrOMEGAs) from the two known differences:
    the width convention (:func:`~alpseesaw.validation.verdicts.width_factor`, 1 + w for a narrow
    ALP) and the channels the built-in lacks (micrOMEGAs' share ``other_fraction`` of 1/Omega):
    F(w) / (1 - other)."""
    if not 0 <= other_fraction < 1:
        return math.nan
    return width_factor(width_term) / (1.0 - other_fraction)


def table_rows(records: Sequence[Mapping[str, Any]], verdicts: Sequence[Verdict]) -> list[dict[str, Any]]:
    """One row per record with the columns of :data:`COLUMNS`."""
    rows = []
    for rec, v in zip(records, verdicts, strict=True):
        inp = rec.get("inputs", {})
        mo = rec.get("micromegas") or {}
        c = v.classification
        width = _get(rec, "builtin", "alp_width_GeV")
        rows.append({
            "label": rec.get("label"), "key": rec.get("key"), "family": rec.get("family"),
            "status": rec.get("status"), "verdict": v.verdict, "freeze_out_verdict": v.freeze_out,
            "category": c.category if c else "", "tags": ";".join(c.tags) if c else "",
            "Mchi": inp.get("Mchi"), "Ma": inp.get("Ma"), "Mphi": inp.get("Mphi"),
            "fa": inp.get("fa"), "Cgg": inp.get("Cgg"), "Cmm": inp.get("Cmm"),
            "Ma_over_2Mchi": _ratio(inp.get("Ma"), 2 * float(inp.get("Mchi", math.nan))),
            "alp_width_over_Ma": _ratio(width, inp.get("Ma")),
            "width_term": c.width_term if c else None,
            "omega_micromegas": mo.get("omega_h2"),
            "omega_boltzmann": _get(rec, "boltzmann", "omega_h2"),
            "omega_freeze_out": _get(rec, "freeze_out", "omega_h2"),
            "ratio_boltzmann": _ratio(_get(rec, "boltzmann", "omega_h2"), mo.get("omega_h2")),
            "ratio_expected": expected_ratio(c.width_term, c.other_fraction) if c else None,
            "ratio_freeze_out": _ratio(_get(rec, "freeze_out", "omega_h2"), mo.get("omega_h2")),
            "xf_micromegas": mo.get("xf"), "xf_boltzmann": _get(rec, "boltzmann", "xf"),
            "xf_freeze_out": _get(rec, "freeze_out", "xf"),
            "sigmav_AA_micromegas": _get(mo, "sigmav_cm3_s", "A A"),
            "sigmav_AA_ratio_corrected": _check(v, "sigmav gamma gamma"),
            "sigmav_mm_micromegas": _get(mo, "sigmav_cm3_s", "m M"),
            "sigmav_mm_ratio_corrected": _check(v, "sigmav mu+ mu-"),
            "other_channels_fraction": c.other_fraction if c else None,
            "micromegas_channels": "; ".join(f"{fs} {frac:.4g}" for fs, frac in mo.get("omega_channels", [])),
            "reasons": " | ".join(c.reasons) if c else "",
            "error": rec.get("error", ""),
            "seconds_micromegas": _get(rec, "seconds", "micromegas"),
            "seconds_builtin": _get(rec, "seconds", "builtin"),
            "worker": rec.get("worker"),
        })  # fmt: skip
    return rows


def csv_text(rows: Sequence[Mapping[str, Any]]) -> str:
    """The rows as CSV (floats with 10 significant digits; NaN and None empty)."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(COLUMNS), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        out = {}
        for k in COLUMNS:
            v = row.get(k)
            if isinstance(v, float):
                out[k] = "" if not math.isfinite(v) else f"{v:.10g}"
            else:
                out[k] = "" if v is None else v
        writer.writerow(out)
    return buf.getvalue()


class CsvAppender:
    """Appends the row of each finished point to ``results.csv`` while a campaign runs.

    Opening rewrites the file from the records already in the journal (atomically); rows then
    follow in completion order, flushed one by one. :func:`write_outputs` rewrites the file in plan
    order at the end. (The journal, not this file, is what a resumed campaign reads.)
    """

    def __init__(self, out_dir: str | Path, records: Sequence[Mapping[str, Any]], tol: Tolerances) -> None:
        self.path = Path(out_dir) / RESULTS_FILE
        self.tol = tol
        latest = list({r["key"]: r for r in records}.values())
        write_text(self.path, csv_text(table_rows(latest, [judge(r, tol) for r in latest])))
        self._fh = self.path.open("a", newline="")

    def append(self, record: Mapping[str, Any]) -> None:
        """Append the row of one record."""
        text = csv_text(table_rows([record], [judge(record, self.tol)]))
        self._fh.write(text.split("\n", 1)[1])  # without the header
        self._fh.flush()

    def close(self) -> None:
        """Close the file."""
        self._fh.close()


def _stats(values: Sequence[float]) -> dict[str, Any]:
    xs = [x for x in values if isinstance(x, float) and math.isfinite(x)]
    if not xs:
        return {"n": 0}
    devs = [abs(x - 1.0) for x in xs]
    return {
        "n": len(xs),
        "min": min(xs),
        "max": max(xs),
        "mean": statistics.fmean(xs),
        "median": statistics.median(xs),
        "max_abs_deviation": max(devs),
        "rms_deviation": math.sqrt(statistics.fmean([d * d for d in devs])),
    }


def summarise(
    records: Sequence[Mapping[str, Any]],
    verdicts: Sequence[Verdict],
    tol: Tolerances,
    config: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Agreement statistics, counts and per-point verdicts of a campaign."""
    rows = table_rows(records, verdicts)
    counts = Counter(v.verdict for v in verdicts)
    swave = [r for r, v in zip(rows, verdicts, strict=True) if v.verdict in ("pass", "fail")]
    flagged = [r for r, v in zip(rows, verdicts, strict=True) if v.verdict == "flagged"]
    tags = Counter(t for v in verdicts if v.classification for t in v.classification.tags)
    fo_judged = [r for r, v in zip(rows, verdicts, strict=True) if v.freeze_out in ("pass", "fail")]
    versions = sorted({(r["micromegas"]["version"], r["micromegas"]["calchep_version"])
                       for r in records if r.get("micromegas")})

    def within(rs: Sequence[Mapping[str, Any]]) -> int:
        return sum(1 for r in rs if abs(float(r["ratio_boltzmann"]) - 1) <= tol.omega)

    outliers = [
        {
            "label": r["label"], "Mchi": r["Mchi"], "Ma_over_Mchi": _ratio(r["Ma"], r["Mchi"]),
            "ratio_boltzmann": r["ratio_boltzmann"], "ratio_expected": r["ratio_expected"],
            "tags": r["tags"], "reasons": r["reasons"],
            "micromegas_channels": r["micromegas_channels"],
        }
        for r in flagged
        if not abs(float(r["ratio_boltzmann"]) - 1) <= tol.omega
    ]  # fmt: skip
    return {
        "title": "micrOMEGAs versus the built-in freeze-out approximation and Boltzmann solver",
        "generated_utc": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "alpseesaw_version": __version__,
        "tools": [{"micromegas": m, "calchep": c} for m, c in versions],
        "campaign": dict(config or {}),
        "tolerances": tol.to_json(),
        "counts": {"points": len(records), **{k: counts.get(k, 0) for k in ("pass", "fail", "flagged", "error")}},
        "flag_tags": dict(tags.most_common()),
        "families": dict(Counter(str(r.get("family")) for r in records)),
        "agreement": {
            "swave": {
                "description": "points where only s-wave chi chi~ -> a* -> gamma gamma, mu mu "
                "matter (judged)",
                "n": len(swave),
                "n_within_omega_tolerance": within(swave),
                "omega_boltzmann_over_micromegas": _stats([r["ratio_boltzmann"] for r in swave]),
                "xf_boltzmann_over_micromegas": _stats(
                    [_ratio(r["xf_boltzmann"], r["xf_micromegas"]) for r in swave]),
                "sigmav_gamma_gamma_corrected": _stats([r["sigmav_AA_ratio_corrected"] for r in swave]),
                "sigmav_mu_mu_corrected": _stats([r["sigmav_mm_ratio_corrected"] for r in swave]),
                "omega_freeze_out_over_micromegas": _stats([r["ratio_freeze_out"] for r in swave]),
            },
            "flagged": {
                "description": "points outside the simple picture (not judged; ratios for information)",
                "n": len(flagged),
                "n_within_omega_tolerance": within(flagged),
                "omega_boltzmann_over_micromegas": _stats([r["ratio_boltzmann"] for r in flagged]),
            },
            "freeze_out": {
                "description": "the paper's estimate, judged on swave points inside the Omega window",
                "n_judged": len(fo_judged),
                "n_pass": sum(1 for v in verdicts if v.freeze_out == "pass"),
                "omega_freeze_out_over_micromegas": _stats([r["ratio_freeze_out"] for r in fo_judged]),
            },
        },
        "outliers": outliers,
        "points": [
            {k: r[k] for k in ("label", "key", "family", "verdict", "freeze_out_verdict", "tags",
                               "Mchi", "Ma", "Mphi", "fa", "omega_micromegas", "ratio_boltzmann",
                               "ratio_expected", "ratio_freeze_out", "reasons", "error")}
            for r in rows
        ],
    }


def plot(records: Sequence[Mapping[str, Any]], verdicts: Sequence[Verdict], tol: Tolerances) -> bytes:
    """PNG: Omega ratios versus Mchi and versus Ma/(2 Mchi), thresholds and resonance marked.

    Top row: the whole range (log scale); bottom row: a zoom on the tolerance band.
    """
    import matplotlib as mpl

    mpl.use("Agg")
    import matplotlib.pyplot as plt

    rows = table_rows(records, verdicts)
    ok = [(r, v) for r, v in zip(rows, verdicts, strict=True) if v.verdict != "error"]
    fig, axes = plt.subplots(2, 2, figsize=(13, 8.5), sharex="col")
    styles = {"pass": ("tab:green", "o"), "fail": ("tab:red", "X"), "flagged": ("tab:orange", "^")}
    heavy = sorted({m for rec in records for m in heavy_masses(rec.get("inputs", {}))})
    zoom = (1 - 3 * tol.omega, 1 + 3 * tol.omega)
    for row, (ax_m, ax_r) in enumerate(axes):
        for ax, xkey in ((ax_m, "Mchi"), (ax_r, "Ma_over_2Mchi")):
            ax.axhspan(1 - tol.omega, 1 + tol.omega, color="0.88", zorder=0,
                       label=f"±{100 * tol.omega:g}% (tolerance of judged points)")
            ax.axhline(1.0, color="0.5", lw=0.8)
            for verdict, (colour, marker) in styles.items():
                pts = [r for r, v in ok if v.verdict == verdict]
                ys = [float(r["ratio_boltzmann"]) for r in pts]
                if row == 1:  # points outside the zoom sit on its edge
                    ys = [min(max(y, zoom[0]), zoom[1]) for y in ys]
                ax.scatter([float(r[xkey]) for r in pts], ys, c=colour, marker=marker, s=26,
                           label=f"Boltzmann / micrOMEGAs: {verdict}", zorder=3)
            fo = [r for r, v in ok if v.verdict in ("pass", "fail")]
            if row == 0:
                ax.scatter([float(r[xkey]) for r in fo], [float(r["ratio_freeze_out"]) for r in fo],
                           facecolors="none", edgecolors="tab:blue", marker="s", s=22,
                           label="freeze-out approximation / micrOMEGAs (s-wave points)", zorder=2)
                ax.set_yscale("log")
            else:
                ax.set_ylim(zoom[0] - 0.005, zoom[1] + 0.005)
            ax.set_xscale("log")
        if heavy:
            # N N opens at Mchi = M_N; thermally reachable from about M_N / (1 + ln(1/bf_min)/(2 x_f))
            reach = heavy[0] / (1 + math.log(1 / tol.bf_min) / (2 * 25.0))
            ax_m.axvspan(reach, heavy[0], color="tab:purple", alpha=0.12,
                         label="N N forbidden, thermally accessible (x_f = 25)")
            ax_m.axvline(heavy[0], color="tab:purple", lw=1, ls="--", label=f"Mchi = M_N = {heavy[0]:.4g} GeV")
        ax_r.axvspan(1.0 - 0.03, 1.0 + tol.k_res / (2 * 25.0), color="tab:red", alpha=0.12,
                     label="a resonance (x_f = 25, narrow a)")
        ax_r.axvline(0.5, color="tab:brown", ls="--", lw=1, label="Ma = Mchi: a a opens")
        a_a_reach = 0.5 * (1 + math.log(1 / tol.bf_min) / 25.0)
        ax_r.axvspan(0.5, a_a_reach, color="tab:brown", alpha=0.12,
                     label="a a, a phi (Mphi = Ma) forbidden, thermally accessible")
        ax_r.axvline(0.55, color="tab:gray", ls=":", lw=1, label="paper shape Ma = 1.1 Mchi")
        ax_m.set_ylabel("Omega h^2 ratio" + (" (zoom; outside: on the edge)" if row else ""))
    axes[1][0].set_xlabel("Mchi [GeV]")
    axes[1][1].set_xlabel("Ma / (2 Mchi)")
    for ax in axes[0]:
        ax.legend(fontsize=6.5, loc="upper left")
    fig.suptitle("micrOMEGAs vs the built-in relic density: Boltzmann solver (filled) and freeze-out "
                 "approximation (squares)", fontsize=10)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110)
    plt.close(fig)
    return buf.getvalue()


def write_outputs(
    out_dir: str | Path,
    records: Sequence[Mapping[str, Any]],
    order: Sequence[str] | None = None,
    tol: Tolerances | None = None,
    config: Mapping[str, Any] | None = None,
) -> tuple[dict[str, Any], list[Path]]:
    """Write results.csv, summary.json and the plot for the latest record of each point.

    ``order``: point keys in the order of the table (others follow in journal order).
    """
    tol = tol or Tolerances()
    latest: dict[str, Mapping[str, Any]] = {}
    for r in records:
        latest[r["key"]] = r
    rank = {k: i for i, k in enumerate(order or ())}
    recs = sorted(latest.values(), key=lambda r: (rank.get(r["key"], len(rank)), 0))
    verdicts = [judge(r, tol) for r in recs]
    out = Path(out_dir)
    summary = summarise(recs, verdicts, tol, config)
    files = [
        write_text(out / RESULTS_FILE, csv_text(table_rows(recs, verdicts))),
        write_json(out / SUMMARY_FILE, summary),
    ]
    if recs:
        files.append(write_text(out / PLOT_FILE, plot(recs, verdicts, tol)))
    return summary, files


__all__ = ["COLUMNS", "CsvAppender", "csv_text", "expected_ratio", "plot", "summarise", "table_rows", "write_outputs"]
