"""Verdicts: every point judged; a disagreement is explained only by a like-for-like re-run."""

from __future__ import annotations

import pytest

from alpseesaw.validation.verdicts import Tolerances, judge, share_delta, summarise_verdicts


def record(mo_omega=1.0, mo_shares=None, variants=None, status="ok"):
    variants = variants or {"physical": (1.0, {"A A": 1.0})}
    builtin = {v: {"omega_h2": om, "shares": sh} for v, (om, sh) in variants.items()}
    return {
        "status": status,
        "micromegas": None
        if status != "ok"
        else {"omega_h2": mo_omega, "shares": mo_shares or {"A A": 1.0}},
        "builtin": builtin,
        "error": "darkOmega returned -1" if status != "ok" else "",
    }


def test_agreement_within_both_tolerances() -> None:
    v = judge(record(1.0, {"A A": 0.7, "mu- mu+": 0.3},
                     {"physical": (1.0199, {"A A": 0.71, "mu- mu+": 0.29})}))  # fmt: skip
    assert v.status == "agree"
    assert v.physical.omega_ratio == pytest.approx(1.0199)


@pytest.mark.parametrize(
    ("omega", "shares"), [(1.021, {"A A": 1.0}), (1.0, {"A A": 0.975, "phi a": 0.025})]
)
def test_omega_or_a_share_outside_tolerance_disagrees(omega, shares) -> None:
    v = judge(record(1.0, {"A A": 1.0}, {"physical": (omega, shares)}))
    assert v.status == "unexplained"


def test_a_convention_that_reproduces_micromegas_is_named() -> None:
    v = judge(record(1.0, {"A A": 1.0}, {"physical": (1.05, {"A A": 1.0}),
                                         "width-window": (1.001, {"A A": 1.0}),
                                         "micromegas": (0.999, {"A A": 1.0})}))  # fmt: skip
    assert v.status == "explained"
    assert v.cause == "width-window"  # the first (smallest) change that accounts for it
    v2 = judge(record(1.0, {"A A": 1.0}, {"physical": (1.05, {"A A": 1.0}),
                                          "width-window": (1.04, {"A A": 1.0}),
                                          "micromegas": (1.001, {"A A": 1.0})}))  # fmt: skip
    assert v2.cause == "micromegas"


def test_no_convention_explains_it() -> None:
    v = judge(record(1.0, {"A A": 1.0}, {"physical": (1.05, {"A A": 1.0}),
                                         "width-window": (1.05, {"A A": 1.0}),
                                         "micromegas": (1.05, {"A A": 1.0})}))  # fmt: skip
    assert v.status == "unexplained"
    assert "1.0500" in v.message


def test_a_tool_failure_is_an_error() -> None:
    v = judge(record(status="error"))
    assert v.status == "error"
    assert "darkOmega" in v.message


def test_share_delta_over_the_union_of_channels() -> None:
    assert share_delta({"A A": 0.9, "phi a": 0.1}, {"A A": 0.95, "N1 N1": 0.05}) == (
        pytest.approx(0.1),
        "phi a",
    )


def test_summary_counts_every_point() -> None:
    recs = [record(1.0, {"A A": 1.0}, {"physical": (r, {"A A": 1.0}), "micromegas": (1.0, {"A A": 1.0})})
            for r in (1.0, 1.01, 1.03, 1.5)] + [record(status="error")]  # fmt: skip
    s = summarise_verdicts([judge(r) for r in recs], Tolerances())
    assert s["points"] == 5
    assert s["by_status"] == {"agree": 2, "explained": 2, "error": 1}
    assert s["agree_fraction"] == pytest.approx(0.4)


def test_an_emulated_convention_explains_within_its_own_tolerance() -> None:
    tol = Tolerances()
    near = judge(record(1.0, {"A A": 1.0}, {"physical": (0.82, {"A A": 1.0}),
                                            "micromegas": (1 - 0.9 * tol.explained, {"A A": 1.0})}))  # fmt: skip
    far = judge(record(1.0, {"A A": 1.0}, {"physical": (0.82, {"A A": 1.0}),
                                           "micromegas": (1 - 1.1 * tol.explained, {"A A": 1.0})}))  # fmt: skip
    assert (near.status, far.status) == ("explained", "unexplained")


def _with_solver_check(record_, omega):
    record_["builtin"]["micromegas-sv"] = {"omega_h2": omega}
    return record_


def test_darkomega_solver_named_only_when_the_solver_check_holds() -> None:
    # micrOMEGAs' own <sigma v>(T) in the built-in solver gives the built-in's Omega: the thermal
    # averages agree and the difference is darkOmega's integration of the equation
    variants = {"physical": (0.961, {"a a": 1.0}), "micromegas": (0.967, {"a a": 1.0})}
    tol = Tolerances()
    yes = judge(
        _with_solver_check(record(1.0, {"a a": 1.0}, variants), 0.967 * (1 + 0.8 * tol.solver))
    )
    no = judge(
        _with_solver_check(record(1.0, {"a a": 1.0}, variants), 0.967 * (1 + 1.2 * tol.solver))
    )
    assert (yes.status, yes.cause) == ("explained", "darkomega-solver")
    assert no.status == "unexplained"
    # a share that disagrees is not the solver's doing
    bad = {
        "physical": (0.961, {"a a": 0.9, "A A": 0.1}),
        "micromegas": (0.967, {"a a": 0.9, "A A": 0.1}),
    }
    assert judge(_with_solver_check(record(1.0, {"a a": 1.0}, bad), 0.967)).status == "unexplained"


def test_solver_check_asked_for_unexplained_points_only() -> None:
    from alpseesaw.validation.verdicts import needs_solver_check

    far = record(
        1.0, {"A A": 1.0}, {"physical": (1.05, {"A A": 1.0}), "micromegas": (1.05, {"A A": 1.0})}
    )
    near = record(1.0, {"A A": 1.0}, {"physical": (1.01, {"A A": 1.0})})
    assert needs_solver_check(far)
    assert not needs_solver_check(near)
    assert not needs_solver_check(_with_solver_check(far, 1.05))  # asked once
