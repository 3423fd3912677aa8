"""The scan of the viable region, and the parameter points behind the disagreements with the paper."""

from __future__ import annotations

import numpy as np
import pytest

from alpseesaw.physics.neutrino import ScanSettings, load_oscillation_data, observables_from_matrix
from alpseesaw.physics.neutrino.reproduce import mee_empirical, table3_markdown, table3_rows
from alpseesaw.physics.neutrino.scan import RANGE_NAMES, scan
from alpseesaw.physics.neutrino.textures import dirac_shape

#: Small settings: a few hundred points in ~1 s per scan (the full-size run is a benchmark).
FAST = ScanSettings(
    n_starts=512,
    lm_iterations=60,
    extreme_chains=16,
    extreme_steps=40,
    polish_starts=1,
    n_chains=64,
)


@pytest.fixture(scope="module")
def scan_a_no():
    return scan("A", "NO", 200, seed=1, settings=FAST)


def _independent_observables(texture: str, p: np.ndarray, ordering: str) -> dict[str, float]:
    """Observables from numpy.linalg.eigh of M^dagger M and the invariant |U_mu1|^2 (not |U_tau1|^2
    as in the package) for cos(delta): an independent implementation of eqs (3.5)-(3.9)."""
    k, y1, y2, y3, a, b, phi = p
    md = dirac_shape(texture, y1, y2, y3)
    m = k * md @ np.array([[1.0, a], [a, b * np.exp(1j * phi)]]) @ md.T
    w, v = np.linalg.eigh(m.conj().T @ m)
    w = np.clip(w, 0.0, None)
    idx = [0, 1, 2] if ordering == "NO" else [1, 2, 0]
    u, m2 = v[:, idx], w[idx]
    s13 = abs(u[0, 2]) ** 2
    s12 = abs(u[0, 1]) ** 2 / (1 - s13)
    s23 = abs(u[1, 2]) ** 2 / (1 - s13)
    jcp = np.imag(u[1, 2] * np.conj(u[0, 2]) * u[0, 1] * np.conj(u[1, 1]))
    kk = np.sqrt(s12 * (1 - s12) * s23 * (1 - s23) * s13)
    cosd = (abs(u[1, 0]) ** 2 - s12 * (1 - s23) - (1 - s12) * s23 * s13) / (2 * kk)
    sind = jcp / (kk * (1 - s13))
    t = np.einsum("ik,ij,jk->k", u, m, u)
    u = u * np.exp(-0.5j * np.angle(t))
    masses = np.sqrt(m2)
    return {
        "sin2_theta12": s12,
        "sin2_theta13": s13,
        "sin2_theta23": s23,
        "dm2_sol": m2[1] - m2[0],
        "dm2_atm": m2[2] - m2[0] if ordering == "NO" else m2[1] - m2[2],
        "delta_cp_deg": float(np.degrees(np.arctan2(sind, cosd)) % 360.0),
        "m_ee": float(abs(np.sum(u[0] ** 2 * masses))),
        "m_lightest": float(masses.min()),
    }


def _inside(ordering: str, obs: dict[str, float]) -> bool:
    data = load_oscillation_data(ordering)
    for name in ("sin2_theta12", "sin2_theta13", "sin2_theta23", "dm2_sol", "dm2_atm"):
        if not data[name].low <= obs[name] <= data[name].high:
            return False
    d = data["delta_cp_deg"]
    return d.low <= d.low + (obs["delta_cp_deg"] - d.low) % 360.0 <= d.high


def test_every_point_is_viable_with_mee_kappa_and_a_massless_state(scan_a_no) -> None:
    # source: eqs (3.5)/(3.6) have M_ee = kappa, so m_ee = kappa; rank 2 => one mass is zero.
    # Tolerances: 1e-12 relative for m_ee = kappa and 1e-14 for m_lightest/m_heaviest, rounding of
    # the Takagi factorisation (measured ~1e-13 and ~1e-16 on 1e4-point scans).
    r = scan_a_no
    assert r.n_viable >= 200
    o = r.observables
    assert np.all(r.data.consistent(o))
    assert np.max(np.abs(o.m_ee / r.params[:, 0] - 1.0)) < 1e-12
    assert np.max(o.m1 / o.m3) < 1e-14
    # the matrix path (independent of the scan's texture fast path) agrees on every point
    from alpseesaw.physics.neutrino import light_mass_matrix_from_params

    ref = observables_from_matrix(light_mass_matrix_from_params("A", r.params), "NO")
    assert np.all(r.data.consistent(ref))
    # every point inside the box (4.1)
    assert np.all((r.params[:, 0] >= 1e-3) & (r.params[:, 0] <= 1.0))
    assert np.all((r.params[:, 1:6] >= 1e-3) & (r.params[:, 1:6] <= 1e3))


def test_scan_is_deterministic_for_a_seed() -> None:
    a = scan("B", "NO", 50, seed=3, settings=FAST)
    b = scan("B", "NO", 50, seed=3, settings=FAST)
    assert np.array_equal(a.params, b.params)


def test_summary_keys_and_convergence(scan_a_no) -> None:
    s = scan_a_no.summary()
    assert list(s)[:7] == [
        "texture",
        "ordering",
        "n_viable",
        "delta_cp_deg",
        "sum_m_meV",
        "m_eff_meV",
        "m_ee_meV",
    ]
    # NO with m1 = 0: sum m = sqrt(dm2_sol) + sqrt(dm2_atm) (eq 4.2), so it lies inside the band
    # allowed by the 3 sigma ranges of the splittings
    d = load_oscillation_data("NO")
    lo = 1e3 * (np.sqrt(d["dm2_sol"].low) + np.sqrt(d["dm2_atm"].low))
    hi = 1e3 * (np.sqrt(d["dm2_sol"].high) + np.sqrt(d["dm2_atm"].high))
    assert lo - 1e-9 <= s["sum_m_meV"][0] <= s["sum_m_meV"][1] <= hi + 1e-9
    n = [row["n_points"] for row in scan_a_no.convergence]
    assert n == sorted(n)
    assert n[-1] == scan_a_no.n_viable


# Points found by the scan, printed to 6 digits in docs/neutrino.md, and verified here with the
# independent implementation above: (texture, ordering, (kappa [eV], y1, y2, y3, alpha, beta, phi)).
DISAGREEMENT_POINTS = [
    # delta_CP = 330 deg in texture A (the paper: delta <~ 290 deg in both textures)
    ("A", "NO", (0.00357476, 1.75454, 0.121647, 0.174887, 3.48313, 250.971, 0.825949), 330.0),
    # delta_CP = 360 deg (CP conserving, phi = 2 pi) in texture A, inside the NO window 124 -> 364
    ("A", "NO", (0.00372653, 1.71881, 1.87812, 2.88426, 0.191749, 0.893112, 6.28319), 360.0),
    # delta_CP = 330 and 343 deg in texture B
    ("B", "NO", (0.0016656, 0.498729, 2.40341, 0.678129, 3.66337, 59.2363, 3.4544), 330.15),
    ("B", "NO", (0.00167675, 69.1459, 2.55744, 108.542, 0.0226321, 0.00268827, 3.32662), 342.74),
    # inverted ordering (the paper: both textures accommodate only NO)
    ("A", "IO", (0.0300798, 0.211282, 0.0814357, 0.0834142, 9.60034, 102.293, 3.12304), 300.0),
    ("B", "IO", (0.0300798, 0.0819538, 0.216415, 0.0839448, 9.47778, 102.18, 3.15993), 240.0),
]


@pytest.mark.parametrize(("texture", "ordering", "params", "delta"), DISAGREEMENT_POINTS)
def test_points_that_contradict_the_paper_are_viable(texture, ordering, params, delta) -> None:
    # source: Table 2 ranges and eqs (3.5)-(3.9), computed independently of the package's Takagi
    # code. delta within 0.01 deg of the value quoted in the comment (the points are rounded to
    # 6 significant digits); m_ee = kappa within 1e-6 relative (in the independent path the zero
    # mass comes out as sqrt(eigenvalue noise of M^dagger M) ~ sqrt(eps) m3 ~ 1e-10 eV, which
    # moves m_ee by ~1e-7 relative, as measured).
    obs = _independent_observables(texture, np.array(params), ordering)
    assert _inside(ordering, obs)
    assert (obs["delta_cp_deg"] - delta + 180.0) % 360.0 - 180.0 == pytest.approx(0.0, abs=0.01)
    assert obs["m_ee"] == pytest.approx(params[0], rel=1e-6)


def test_empirical_formula_at_cp_conserving_points() -> None:
    # source: eq (4.3) at delta = 0 and 180 deg reduces to s12^2 c13^2 sqrt(dm2_sol) +- s13^2 sqrt(dm2_atm);
    # (4.4) is the same with delta shifted by pi. Exact.
    a = mee_empirical("A", [0.0, 180.0], 0.3, 0.02, 7.5e-5, 2.5e-3)
    b = mee_empirical("B", [180.0, 0.0], 0.3, 0.02, 7.5e-5, 2.5e-3)
    plus = 0.3 * 0.98 * np.sqrt(7.5e-5) + 0.02 * np.sqrt(2.5e-3)
    minus = 0.3 * 0.98 * np.sqrt(7.5e-5) - 0.02 * np.sqrt(2.5e-3)
    assert a == pytest.approx([plus, minus], rel=1e-14)
    assert b == pytest.approx([plus, minus], rel=1e-14)


def test_table3_rows_put_the_paper_beside_ours(scan_a_no) -> None:
    rows = table3_rows([scan_a_no])
    assert rows[0].paper is not None
    assert rows[0].paper["delta_cp_deg"] == (124.16, 289.95)  # Table 3 as printed
    md = table3_markdown(rows)
    assert "paper, Table 3" in md
    assert "124.16-289.95" in md


def test_each_walk_proposal_makes_exactly_one_kind_of_move() -> None:
    # source: the walk's mixture (module docstring, stage 2): 60 % Gaussian steps, 20 % jumps along
    # the exact flat direction, 20 % differential-evolution steps gamma (x_a - x_b). With all
    # walkers at one point the DE steps do not move and a jump along the flat direction moves
    # parallel to it; a Gaussian step (sigma = 0.01) is parallel to it with probability zero.
    # Fractions within 0.03 of 0.6 / 0.2 / 0.2 over 4000 walkers (binomial sd 0.008 / 0.006).
    from alpseesaw.physics.neutrino.scan import _proposals
    from alpseesaw.physics.neutrino.textures import flat_direction

    flat = flat_direction("A")
    n = 4000
    x = np.tile(np.array([-2.0, 0.1, -0.3, 0.2, 0.5, -0.1, np.pi]), (n, 1))
    prop, gaussian = _proposals(np.random.default_rng(7), x, np.full(n, 0.01), flat)
    d = prop - x
    unmoved = np.all(d == 0.0, axis=1)
    off_axis = d - np.outer(d @ flat / (flat @ flat), flat)
    along = ~unmoved & (np.linalg.norm(off_axis, axis=1) <= 1e-12 * np.linalg.norm(d, axis=1))
    assert np.array_equal(gaussian, ~unmoved & ~along)
    assert np.mean(gaussian) == pytest.approx(0.6, abs=0.03)
    assert np.mean(along) == pytest.approx(0.2, abs=0.03)
    assert np.mean(unmoved) == pytest.approx(0.2, abs=0.03)


SHORT_OF_THE_EXTREME = pytest.mark.xfail(
    strict=True,
    reason="SLSQP stops 1 % of the spread short of the sum_m maximum from this start (measured)",
)


@pytest.mark.parametrize(
    ("name", "sign"),
    [(n, s) for n in RANGE_NAMES for s in (1.0, -1.0) if (n, s) != ("sum_m", 1.0)]
    + [pytest.param("sum_m", 1.0, marks=SHORT_OF_THE_EXTREME)],
)
def test_polish_reaches_a_constrained_local_extreme(scan_a_no, name, sign) -> None:
    # Stage 3's SLSQP from a viable point (at the 90th percentile of sign * quantity over the scan)
    # must end on a viable point that no viable point nearby beats: 9000 random perturbations of
    # widths 1e-2, 1e-3, 1e-4 (log10 units) gain at most 1 % of the scan's spread. Measured: 0 or
    # 5e-7 of the spread (sum_m max: 1.04 %, a known shortfall); with a wrong objective gradient 2-20 %.
    from alpseesaw.physics.neutrino.scan import _polish, _Problem, _quantity

    r = scan_a_no
    prob = _Problem("A", "NO", FAST.bounds)
    x = np.log10(r.params)
    x[:, 6] = r.params[:, 6]
    q = sign * _quantity(prob, prob.observables(x), name)
    start = x[np.argsort(q)[int(0.9 * len(q))]]
    end = _polish(prob, start, name, sign)
    ok, o = prob.viable(end[None])
    assert ok[0]
    q_end = sign * _quantity(prob, o, name)[0]
    assert q_end >= sign * _quantity(prob, prob.observables(start[None]), name)[0]
    rng = np.random.default_rng(0)
    best = q_end
    for width in (1e-2, 1e-3, 1e-4):
        near = end + width * rng.normal(size=(3000, 7))
        vi, on = prob.viable(near)
        if vi.any():
            best = max(best, float(np.max(sign * _quantity(prob, on, name)[vi])))
    assert best - q_end <= 0.01 * np.ptp(q)


def test_stage_three_pushes_both_ends_of_every_range(scan_a_no) -> None:
    # From the points of stages 1-2 alone (fits and walk), stage 3 must reach at least as far as they do at the
    # lower and at the upper end of each range of RANGE_NAMES (it starts from the walkers nearest
    # each end; a stage that pushed one end twice would leave the other at the walkers' spread).
    from alpseesaw.physics.neutrino.scan import _extremes, _Problem, _quantity

    r = scan_a_no
    walk = r.params[r.stage < 3]
    x = np.log10(walk)
    x[:, 6] = walk[:, 6]
    prob = _Problem("A", "NO", FAST.bounds)
    out = _extremes(prob, np.random.default_rng(5), x, FAST, lambda *_: None)
    ok, o = prob.viable(out)
    o_walk = prob.observables(x)
    for name in RANGE_NAMES:
        q_walk = _quantity(prob, o_walk, name)
        q_out = _quantity(prob, o, name)[ok]
        assert q_out.min() <= q_walk.min()
        assert q_out.max() >= q_walk.max()


def test_fig2_formula_file_holds_the_curves_over_the_whole_delta_axis(scan_a_no, tmp_path) -> None:
    # fig2_formula.csv: eqs (4.3)/(4.4) at the Table 2 best fit on delta = 0, 1, ..., 360 degrees
    # (the figure's delta axis, 0..360), in meV; at delta = 0 and 180 the curves reduce to the
    # CP-conserving closed form s12^2 c13^2 sqrt(dm2_sol) +- s13^2 sqrt(dm2_atm).
    import csv

    from alpseesaw.physics.neutrino.output import write_fig2

    write_fig2(tmp_path, [scan_a_no])
    with (tmp_path / "fig2_formula.csv").open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    delta = np.array([float(r["delta_cp_deg"]) for r in rows])
    assert np.array_equal(delta, np.arange(0.0, 361.0))
    d = load_oscillation_data("NO")
    s12, s13 = d["sin2_theta12"].best, d["sin2_theta13"].best
    sol, atm = np.sqrt(d["dm2_sol"].best), np.sqrt(d["dm2_atm"].best)
    plus, minus = (
        1e3 * (s12 * (1 - s13) * sol + s13 * atm),
        1e3 * (s12 * (1 - s13) * sol - s13 * atm),
    )
    a = np.array([float(r["m_ee_eq43_A_meV"]) for r in rows])
    b = np.array([float(r["m_ee_eq44_B_meV"]) for r in rows])
    assert (a[0], a[180]) == pytest.approx((plus, minus), rel=1e-12)
    assert (b[0], b[180]) == pytest.approx((minus, plus), rel=1e-12)


def test_the_walk_records_the_number_of_points_it_is_asked_for() -> None:
    # stage 2 returns exactly `want` moved states (scan(): "the requested number from stages
    # 1-2"): with a viable set that accepts one proposal per step (walker 0's), each round
    # records one state, so every one counts
    from alpseesaw.physics.neutrino.scan import _walk
    from alpseesaw.physics.neutrino.textures import flat_direction

    class OneAtATime:
        flat = flat_direction("A")

        def viable(self, prop: np.ndarray) -> tuple[np.ndarray, None]:
            ok = np.zeros(prop.shape[0], dtype=bool)
            ok[0] = True
            return ok, None

    start = np.tile(np.array([-2.0, 0.1, -0.3, 0.2, 0.5, -0.1, np.pi]), (8, 1))
    start += np.random.default_rng(3).normal(scale=0.01, size=start.shape)
    settings = ScanSettings(n_chains=8, thin=1)
    for want in (1, 2, 5):
        calls: list[tuple[str, int, int]] = []
        out = _walk(OneAtATime(), np.random.default_rng(11), start, want, settings,  # type: ignore[arg-type]
                    lambda *a, seen=calls: seen.append(a))  # fmt: skip
        assert out.shape == (want, 7)
        assert calls[-1] == ("walk", want, want)
        assert len({tuple(row) for row in out}) == want  # each a new state of walker 0
