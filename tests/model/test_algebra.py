"""The field algebra's substitution keeps contracted (dummy) indices apart."""

from __future__ import annotations

from collections import Counter

import pytest
import sympy as sp

from alpseesaw.model.algebra import FExpr, substitute


def _label_counts(expr: FExpr) -> list[Counter]:
    """Per term: how often each dummy (int) Lorentz and colour label occurs."""
    out = []
    for t in expr.terms:
        labels = [b.lorentz for b in t.bosons] + [b.colour for b in t.bosons]
        out.append(Counter(x for x in labels if isinstance(x, int)))
    return out


@pytest.mark.parametrize("kind", ["lorentz", "colour"])
def test_a_rule_used_twice_in_one_term_gets_fresh_dummies_each_time(kind: str) -> None:
    # X -> V^m V_m (a Lorentz contraction) or Y -> G^a G^a (a colour contraction): in X X each use
    # of the rule must carry its own dummy, so every dummy label appears exactly twice (a shared
    # label would appear four times: an index contracted over four fields, a wrong term).
    one = {kind: "m"}
    rule = FExpr.field("V", **one) * FExpr.field("V", **one)
    (counts,) = _label_counts(rule)
    assert sorted(counts.values()) == [2]
    out = substitute(FExpr.field("X") * FExpr.field("X"), {"X": rule})
    (counts,) = _label_counts(out)
    assert sorted(counts.values()) == [2, 2]


def test_max_fields_counts_both_fermions_of_a_bilinear() -> None:
    # bar(e) e X with X -> v + h: the v term has 2 fields, the h term 3; max_fields = 2 keeps only
    # the first (a fermion bilinear is two fields, not minus two).
    from alpseesaw.model.algebra import Bilinear

    yukawa = FExpr.bilinear(Bilinear("e", "e", "L")) * FExpr.field("X")
    rule = FExpr.const(sp.Symbol("v")) + FExpr.field("h")
    kept = substitute(yukawa, {"X": rule}, max_fields=2)
    assert [(t.coeff, t.bosons) for t in kept.terms] == [(sp.Symbol("v"), ())]
    both = substitute(yukawa, {"X": rule}, max_fields=3)
    assert sorted(t.n_fields for t in both.terms) == [2, 3]
