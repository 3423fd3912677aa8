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
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from alpseesaw import __version__
from alpseesaw.plotting import png_bytes, pyplot
from alpseesaw.validation.store import write_json, write_text
from alpseesaw.validation.verdicts import Tolerances, Verdict, judge, summarise_verdicts

RESULTS_FILE = "results.csv"
SUMMARY_FILE = "summary.json"
PLOT_FILE = "ratio_vs_mass.png"

#: Columns of results.csv, in order.
COLUMNS: tuple[str, ...] = (
    "label", "key", "family", "status", "verdict", "cause",
    "Mchi", "Ma", "Mphi", "fa", "Cgg", "Cmm", "Mnh1", "Ma_over_2Mchi", "Mphi_over_2Mchi",
    "omega_micromegas", "omega_builtin", "ratio", "share_delta", "share_channel",
    "ratio_width_window", "ratio_micromegas_conventions", "omega_freeze_out", "ratio_freeze_out",
    "xf_micromegas", "xf_builtin", "width_a_over_Ma", "width_phi_over_Mphi",
    "micromegas_shares", "builtin_shares", "message", "error",
    "seconds_micromegas", "seconds_builtin", "worker",
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


def _comparison(v: Verdict, variant: str) -> float:
    return next((c.omega_ratio for c in v.comparisons if c.variant == variant), math.nan)


def _shares(shares: Mapping[str, float] | None, cut: float = 0.01) -> str:
    items = sorted((shares or {}).items(), key=lambda kv: -kv[1])
    return "; ".join(f"{k} {v:.4g}" for k, v in items if v >= cut)


def table_rows(
    records: Sequence[Mapping[str, Any]], verdicts: Sequence[Verdict]
) -> list[dict[str, Any]]:
    """One row per record with the columns of :data:`COLUMNS`."""
    rows = []
    for rec, v in zip(records, verdicts, strict=True):
        inp = rec.get("inputs", {})
        mo = rec.get("micromegas") or {}
        phys = _get(rec, "builtin", "physical") or {}
        widths = phys.get("widths_gev") or {}
        pc = v.physical
        mchi = float(inp.get("Mchi", math.nan))
        rows.append({
            "label": rec.get("label"), "key": rec.get("key"), "family": rec.get("family"),
            "status": rec.get("status"), "verdict": v.status, "cause": v.cause,
            "Mchi": inp.get("Mchi"), "Ma": inp.get("Ma"), "Mphi": inp.get("Mphi"),
            "fa": inp.get("fa"), "Cgg": inp.get("Cgg"), "Cmm": inp.get("Cmm"), "Mnh1": inp.get("Mnh1"),
            "Ma_over_2Mchi": _ratio(inp.get("Ma"), 2 * mchi),
            "Mphi_over_2Mchi": _ratio(inp.get("Mphi"), 2 * mchi),
            "omega_micromegas": mo.get("omega_h2"), "omega_builtin": phys.get("omega_h2"),
            "ratio": pc.omega_ratio if pc else math.nan,
            "share_delta": pc.share_delta if pc else math.nan,
            "share_channel": pc.share_channel if pc else "",
            "ratio_width_window": _comparison(v, "width-window"),
            "ratio_micromegas_conventions": _comparison(v, "micromegas"),
            "omega_freeze_out": phys.get("omega_h2_freeze_out"),
            "ratio_freeze_out": _ratio(phys.get("omega_h2_freeze_out"), mo.get("omega_h2")),
            "xf_micromegas": mo.get("xf"), "xf_builtin": phys.get("xf"),
            "width_a_over_Ma": _ratio(widths.get("a"), inp.get("Ma")),
            "width_phi_over_Mphi": _ratio(widths.get("phi"), inp.get("Mphi")),
            "micromegas_shares": _shares(mo.get("shares")),
            "builtin_shares": _shares(phys.get("shares")),
            "message": v.message, "error": rec.get("error", ""),
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
            elif isinstance(v, str):
                out[k] = v.replace("\r", "").replace("\n", " | ")  # one line per point
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

    def __init__(
        self, out_dir: str | Path, records: Sequence[Mapping[str, Any]], tol: Tolerances
    ) -> None:
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


def summarise(
    records: Sequence[Mapping[str, Any]],
    verdicts: Sequence[Verdict],
    tol: Tolerances,
    config: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Agreement statistics, counts and per-point verdicts of a campaign (every point counted)."""
    rows = table_rows(records, verdicts)
    versions = sorted({(r["micromegas"]["version"], r["micromegas"]["calchep_version"])
                       for r in records if r.get("micromegas")})  # fmt: skip
    disagreements = [
        {k: r[k] for k in ("label", "verdict", "cause", "Mchi", "Ma_over_2Mchi", "Mphi_over_2Mchi", "fa",
                           "ratio", "share_delta", "share_channel", "ratio_width_window",
                           "ratio_micromegas_conventions", "micromegas_shares", "message", "error")}
        for r in rows
        if r["verdict"] != "agree"
    ]  # fmt: skip
    return {
        "title": "micrOMEGAs (darkOmega, fast = 0) versus the complete built-in relic calculation",
        "generated_utc": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "alpseesaw_version": __version__,
        "tools": [{"micromegas": m, "calchep": c} for m, c in versions],
        "campaign": dict(config or {}),
        "families": dict(Counter(str(r.get("family")) for r in records)),
        "verdicts": summarise_verdicts(verdicts, tol),
        "disagreements": disagreements,
        "points": [
            {k: r[k] for k in ("label", "key", "family", "verdict", "cause", "Mchi", "Ma", "Mphi", "fa",
                               "Cgg", "Cmm", "omega_micromegas", "ratio", "share_delta", "error")}
            for r in rows
        ],
    }  # fmt: skip


def plot(
    records: Sequence[Mapping[str, Any]], verdicts: Sequence[Verdict], tol: Tolerances
) -> bytes:
    """PNG: Omega(built-in)/Omega(micrOMEGAs) and the largest share difference versus Mchi and
    versus Ma/(2 Mchi), coloured by verdict."""
    plt = pyplot()

    rows = [r for r in table_rows(records, verdicts) if r["verdict"] != "error"]
    fig, axes = plt.subplots(2, 2, figsize=(13, 8.5), sharex="col")
    styles = {
        "agree": ("tab:green", "o"),
        "explained": ("tab:orange", "^"),
        "unexplained": ("tab:red", "X"),
    }
    for ax_row, (key, band, label) in zip(axes, (("ratio", (1 - tol.omega, 1 + tol.omega), "Omega h^2 ratio"),
                                                 ("share_delta", (0, tol.share), "largest share difference")),
                                          strict=True):  # fmt: skip
        for ax, xkey in zip(ax_row, ("Mchi", "Ma_over_2Mchi"), strict=True):
            ax.axhspan(*band, color="0.88", zorder=0, label="tolerance")
            for verdict, (colour, marker) in styles.items():
                pts = [r for r in rows if r["verdict"] == verdict]
                ax.scatter([float(r[xkey]) for r in pts], [float(r[key]) for r in pts], c=colour, marker=marker,
                           s=22, label=verdict, zorder=3)  # fmt: skip
            xs = [float(r[xkey]) for r in rows if r[xkey] is not None]
            if any(math.isfinite(x) and x > 0 for x in xs):
                ax.set_xscale("log")
            if xkey == "Ma_over_2Mchi":
                ax.axvline(1.0, color="tab:red", lw=0.8, ls="--", label="a pole at threshold")
                ax.axvline(0.5, color="tab:brown", lw=0.8, ls=":", label="Ma = Mchi (a a opens)")
            ax.set_ylabel(label)
    axes[1][0].set_xlabel("Mchi [GeV]")
    axes[1][1].set_xlabel("Ma / (2 Mchi)")
    axes[0][0].legend(fontsize=7, loc="best")
    fig.suptitle(
        "micrOMEGAs 6.0 (fast = 0) vs the built-in relic calculation, random points of the box",
        fontsize=10,
    )
    return png_bytes(fig)


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


__all__ = ["COLUMNS", "CsvAppender", "csv_text", "plot", "summarise", "table_rows", "write_outputs"]
