"""alpseesaw reproduce fig3: outputs written, curves sane (a coarse grid keeps it fast)."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from alpseesaw.cli import main
from alpseesaw.physics import fig3, gamma_lines

pytestmark = pytest.mark.skipif(
    not gamma_lines.repo_data_dir().is_dir(), reason="shared/data not present"
)


def test_fig3_cli_writes_png_csv_summary(tmp_path: Path) -> None:
    res = CliRunner().invoke(
        main,
        ["reproduce", "fig3", "--out", str(tmp_path), "--points", "12", "--complete-points", "2"],
    )
    assert res.exit_code == 0, res.output
    for name in ("fig3.png", "fig3_fa10TeV.csv", "fig3_fa100TeV.csv", "fig3_summary.txt"):
        assert (tmp_path / name).stat().st_size > 0
    assert (tmp_path / "fig3.png").read_bytes()[:4] == b"\x89PNG"
    with (tmp_path / "fig3_fa10TeV.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 12
    assert "Cmm/fa = -1" in (tmp_path / "fig3_summary.txt").read_text()


def test_relic_band_scaling() -> None:
    # Narrow-width (3.10): sigma v ~ (C/fa)^2 Mchi^2 / fa^2 at fixed Ma/Mchi, so the relic coupling
    # scales as fa/Ma; the Boltzmann line lies inside the +-0.4e-26 band (within 10%). Tolerance 5e-3:
    # the mu mu channel (at most 0.2% of the rate here) breaks the exact scaling.
    limits = gamma_lines.load_default()
    ma = np.array([1e4, 1e5])
    p10 = fig3.compute_panel(1e4, ma, limits)
    p100 = fig3.compute_panel(1e5, ma, limits)
    assert p100.relic_lo / p10.relic_lo == pytest.approx([10.0, 10.0], rel=5e-3)
    assert p10.relic_lo[0] / p10.relic_lo[1] == pytest.approx(10.0, rel=5e-3)
    assert np.all(p10.relic_boltzmann > 0.9 * p10.relic_lo)
    assert np.all(p10.relic_boltzmann < 1.1 * p10.relic_hi)
    # Dirac band edge vs the paper-literal line: sigma(chi chi~) v = 2 x 2.2e-26 versus 2.6e-26.
    assert p10.relic_lo / p10.relic_paper_literal == pytest.approx(
        math.sqrt(2 * 2.2 / 2.6), rel=5e-3
    )


def test_complete_line_reproduces_the_default_card() -> None:
    # the default card is a relic point of this plane (Ma = Mphi = 1.1 Mchi, fa = 10 TeV,
    # Cmm/fa = -0.01): Omega h^2 = 0.1200 at Cgg = 2662.7, so the complete line must find
    # y = Cgg/fa = 0.26627 (the tree-level calculation's Cgg is the physical C^Y; a line built with
    # Cgg = y fa - 2 Cmm would sit 8% lower)
    line, _ = fig3.complete_relic_coupling(np.array([11000.0]), 1e4, -0.01, np.array([0.3]))
    assert line[0] * 1e4 == pytest.approx(2662.7, rel=2e-3)


def test_no_thermal_relic_at_fa_100_tev() -> None:
    # Independent bound: with Gamma_a = Gamma(a -> gamma gamma) = alpha^2 Cgg^2 Ma^3/(64 pi^3 fa^2)
    # in eq (3.10)'s Breit-Wigner, sigma v(v -> 0) is largest when Ma Gamma_a = |Ma^2 - 4 Mchi^2|:
    # sigma v_max = 8 Mchi^6 / (fa^2 |Ma^2 - 4 Mchi^2| Ma^4), i.e. 2.29e-27 cm^3/s at fa = 100 TeV
    # for any mass (Ma = 1.1 Mchi). Its Boltzmann Omega h^2 is ~2, so the complete calculation
    # never reaches 0.12 there, and its smallest Omega sits at that bound (thermal corrections 1%).
    from alpseesaw.physics import boltzmann
    from alpseesaw.physics.constants import GEV2_TO_CM3_S

    fa, ma = 1e5, np.array([2000.0, 14000.0])
    m = ma / fig3.RATIO
    d = abs(ma**2 - 4 * m**2)
    sv_max = 8 * m**6 / (fa**2 * d * ma**4)
    assert sv_max * GEV2_TO_CM3_S == pytest.approx(2.286e-27, rel=1e-3, abs=0)
    bound = boltzmann.solve(
        m, np.repeat((sv_max / 2)[:, None], boltzmann.X_GRID.size, axis=1)
    ).omega_h2
    y_at_max = np.sqrt(64 * d / ma**4 * math.pi**3 * fa**2) * 137.036 / fa
    line, omega_min = fig3.complete_relic_coupling(ma, fa, -0.01, y_at_max)
    assert np.all(np.isnan(line))
    assert np.all(bound > 1.5)
    assert omega_min / bound == pytest.approx([1.0, 1.0], abs=0.05)


def test_the_plot_draws_every_curve_of_the_panels_over_their_mass_range(monkeypatch) -> None:
    # The figure's content, not its pixels: each panel's axes span its Ma grid (in TeV) on log
    # scales, the Boltzmann line and the printed-value line are the panel's columns, every g-2
    # stripe and exclusion curve is drawn with its label.
    captured = []
    monkeypatch.setattr(fig3, "png_bytes", lambda fig: captured.append(fig) or b"")
    ma = np.array([1e3, 1e4, 1e5])
    curve = np.array([1e-3, 1e-2, 1e-1])
    stripes = {c: curve * (1 + k) for k, c in enumerate(fig3.CMM_OVER_FA)}
    panels = [
        fig3.Panel(
            fa, ma, curve, 2 * curve, 1.5 * curve, 1.2 * curve, stripes, stripes, stripes,
            stripes, stripes, stripes, curve, {"hess2018": 3 * curve}, {"hess2018": curve}, 0.0,
            {"hess2018": "H.E.S.S. 2018"},
        )
        for fa in fig3.FA_VALUES
    ]  # fmt: skip
    assert fig3.plot(panels) == b""
    (fig,) = captured
    axes = fig.get_axes()
    assert len(axes) == 2
    for ax, p in zip(axes, panels, strict=True):
        assert ax.get_xlim() == pytest.approx((1.0, 100.0))
        assert ax.get_ylim() == pytest.approx((1e-4, 30.0))
        assert ax.get_xscale() == ax.get_yscale() == "log"
        lines = {ln.get_label(): ln for ln in ax.get_lines()}
        assert lines[r"Boltzmann $\Omega h^2=0.12$"].get_ydata() == pytest.approx(1.5 * curve)
        assert lines["H.E.S.S. 2018"].get_ydata() == pytest.approx(3 * curve)
        assert lines["H.E.S.S. 2018"].get_xdata() == pytest.approx(ma / 1e3)
        labels = [c.get_label() for c in ax.collections]
        assert labels.count("relic band (Dirac)") == 1
        for c in fig3.CMM_OVER_FA:
            assert rf"$\Delta a_\mu$, $C_{{\mu\mu}}/f_a={c:g}$" in labels
        assert f"f_a = {p.fa / 1e3:g}$ TeV" in ax.get_title()
    import matplotlib.pyplot as plt

    plt.close(fig)


def _designed_panel() -> fig3.Panel:
    """Three masses (1, 10, 100 TeV) whose curves are placed by hand (see the summary test)."""
    nan = np.nan
    ma, band = np.array([1e3, 1e4, 1e5]), np.array([1e-3, 1e-2, 1e-1])
    literal = 0.9 * band

    def stripe(values: dict[float, list[float]]) -> dict[float, np.ndarray]:
        return {c: np.array(values.get(c, [nan, nan, nan])) for c in fig3.CMM_OVER_FA}

    # ours: Cmm/fa = -1 crosses the relic band [1, 1.2] x band at 10 TeV only, -0.1 at 10 and
    # 100 TeV
    lo = stripe({-0.1: [nan, 1.1 * band[1], 1.1 * band[2]], -1.0: [nan, 1.1 * band[1], nan]})
    hi = stripe({-0.1: [nan, 1.3 * band[1], 1.3 * band[2]], -1.0: [nan, 1.3 * band[1], nan]})
    # printed: [0.95, 0.99] x the literal line at 1 TeV, inside its +-7% band only from below
    p_lo = stripe({c: [0.95 * literal[0], nan, nan] for c in fig3.CMM_OVER_FA})
    p_hi = stripe({c: [0.99 * literal[0], nan, nan] for c in fig3.CMM_OVER_FA})
    return fig3.Panel(
        1e4, ma, band, 1.2 * band, np.array([1.1e-3, 1.1e-2, nan]), literal, lo, hi, p_lo, p_hi,
        stripe({}), stripe({}), np.array([0.01, 0.2, 0.05]),
        # H.E.S.S. above the band at 1 and 10 TeV, below it at 100 TeV; CTA only at 10 TeV,
        # below the overlap's centre sqrt(1.1 x 1.2) = 1.149 there
        {"hess2018": np.array([1.0, 2 * band[1], 0.5 * band[2]]),
         "cta2019": np.array([nan, 1.12 * band[1], nan])},
        {"hess2018": np.array([nan, nan, nan])}, 0.002, {"hess2018": "H.E.S.S. 2018"},
        ma, np.array([0.05, 0.06, 0.3]),
    )  # fmt: skip


def test_the_summary_judges_designed_curves() -> None:
    # Each verdict of the summary follows from where the curves were put (_designed_panel): an
    # overlap needs the g-2 stripe and the relic band to intersect, "allowed" needs the overlap's
    # geometric centre below every current limit, CTA probes it when above CTA's curve.
    class Limit:
        label = "H.E.S.S. 2018"
        mass_gev = np.array([1.0, 7e4])

    text = fig3.summary([_designed_panel()], {"hess2018": Limit()})  # type: ignore[dict-item]
    lines = {ln.split(":")[0]: ln for ln in text.splitlines()}

    def verdict(c: str, tag: str) -> str:
        return lines[f"Cmm/fa = {c} [{tag}]"]

    ours = verdict("-1", "ours")
    assert "overlap at 10-10 TeV; allowed by current lines at 10-10 TeV -> SURVIVES" in ours
    assert "CTA probes 10-10 TeV, beyond the CTA table none" in ours
    assert "g_chi = Mchi/fa = 0.909-0.909" in ours  # 10 TeV / 1.1 / fa
    assert "no positive g-2 for Ma in 1-1 TeV, 100-100 TeV" in ours
    # -0.1 overlaps at 10 and 100 TeV; H.E.S.S. (0.5 x band) excludes 100 TeV, so CTA's missing
    # table there does not count
    assert "overlap at 10-100 TeV; allowed by current lines at 10-10 TeV -> SURVIVES" in (
        verdict("-0.1", "ours")
    )
    assert "CTA probes 10-10 TeV, beyond the CTA table none" in verdict("-0.1", "ours")
    assert "overlap at none" in verdict("-0.01", "ours")
    printed = verdict("-1", "printed (3.15), Lambda = 4 pi fa, paper-literal relic line")
    assert "overlap at 1-1 TeV; allowed by current lines at 1-1 TeV -> SURVIVES" in printed
    assert "beyond the CTA table 1-1 TeV" in printed
    assert "overlap at none" in verdict(
        "-1", "printed (3.15), Lambda^2 = 4 pi fa^2 as printed, paper-literal relic line"
    )
    assert lines["relic band allowed by current line searches [ours (Dirac)]"].endswith(
        ": 1-10 TeV; last excluded Ma = 100 TeV"
    )
    assert "Gamma_a/Ma > 0.1 at 10-10 TeV; max 0.2 " in text
    assert (
        "reached for Ma in 1-10 TeV; not reachable at 100-100 TeV (smallest Omega h^2 0.3" in text
    )
    assert "at most 0.2% (Cmm/fa = -1)" in text
    # the Boltzmann line (1.1 x band) sits at the band's centre (1 + 1.2)/2
    assert "complete line / freeze-out band centre: 1-1\n" in text
    assert "H.E.S.S. 2018 data end at Mchi = 70 TeV, Ma = 77 TeV" in text


def test_band_and_exclusion_couplings_give_the_cross_sections_they_stand_for() -> None:
    # Each coupling curve of a panel is the C/fa at which the v -> 0 cross section (recomputed
    # here with ann.sigma_v_zero at that Cgg) equals its target: the relic band edges
    # sigma(chi chi~) v = 2 (2.6 -+ 0.4)e-26 cm^3/s with the mu mu channel (Cmm/fa = -1) counted,
    # the H.E.S.S. line limit at Mchi = Ma/1.1 (x2 for Dirac dark matter, as published without).
    from alpseesaw.physics import annihilation as ann

    limits = {"hess2018": gamma_lines.load_default()["hess2018"]}
    ma, fa = np.array([1e4, 5e4]), 1e4
    p = fig3.compute_panel(fa, ma, limits, n_complete=2)
    mumu = [ann.sigma_v_zero(fig3._inputs(m, fa, -1.0))["mu+ mu-"] for m in ma]
    # the summary's "mu mu share of the thermal rate", against the Dirac thermal 2 x 2.6e-26
    assert p.mumu_fraction_max == pytest.approx(max(mumu) / (2 * 2.6e-26), rel=1e-12, abs=0)
    for i, m in enumerate(ma):
        for y, want in ((p.relic_lo[i], 2 * 2.2e-26), (p.relic_hi[i], 2 * 3.0e-26)):
            sv = ann.sigma_v_zero(fig3._inputs(m, fa, -1.0, y))
            assert sv["gamma gamma"] + sv["mu+ mu-"] == pytest.approx(want, rel=1e-9, abs=0)
        hess = limits["hess2018"]
        for y, dirac in ((p.exclusion["hess2018"][i], True),
                         (p.exclusion_majorana["hess2018"][i], False)):  # fmt: skip
            sv = ann.sigma_v_zero(fig3._inputs(m, fa, -1.0, y))["gamma gamma"]
            assert sv == pytest.approx(float(hess.limit(m / 1.1, dirac=dirac)), rel=1e-9, abs=0)


def test_the_complete_line_is_where_omega_is_the_planck_value() -> None:
    # The complete Omega h^2 = 0.12 line, recomputed: the relic density at the returned coupling
    # (a RelicCalculator at the same card) is 0.120 to 5e-4 (measured 2e-6 at Ma = 11 TeV and
    # 6e-5 at 3 TeV; one secant step less would leave 6e-4 and 4e-3), well inside Planck's 1%.
    from alpseesaw.model import build_model
    from alpseesaw.model.card import load_externals
    from alpseesaw.physics.calculator import RelicCalculator

    calc = RelicCalculator(build_model())
    ma, fa = np.array([11000.0, 3000.0]), 1e4
    line, _ = fig3.complete_relic_coupling(ma, fa, -0.01, np.array([0.3, 0.08]), calc)
    ext = dict(load_externals())
    ext.update(Ma=ma, Mphi=ma, Mchi=ma / fig3.RATIO, fa=np.full(2, fa),
               Cmm=np.full(2, -0.01 * fa), Cgg=line * fa)  # fmt: skip
    assert calc(ext).omega_h2 == pytest.approx([0.12, 0.12], rel=5e-4, abs=0)


def test_alp_width_over_mass_is_the_hand_width() -> None:
    # Gamma(a -> gamma gamma) = alpha(0)^2 Cgg^2 Ma^3 / (64 pi^3 fa^2) and Gamma(a -> mu mu) =
    # g_mu^2 Ma beta_mu / (8 pi), g_mu = 2 mmu Cmm/fa (the summary's "ALP width on the relic band")
    from alpseesaw.physics.constants import ALPHA_0

    ma, fa, y, c = 2e4, 1e4, 0.3, -1.0
    mmu = fig3.MMU
    gam = ALPHA_0**2 * (y * fa) ** 2 * ma**3 / (64 * math.pi**3 * fa**2)
    gmu = (2 * mmu * c) ** 2 * ma * math.sqrt(1 - 4 * mmu**2 / ma**2) / (8 * math.pi)
    assert fig3.alp_width_over_mass(ma, fa, y, c) == pytest.approx((gam + gmu) / ma, rel=1e-12)
