"""Real and imaginary parts of couplings with complex parameters, checked numerically.

``ComplexProducts.split`` writes a coupling as re + i im in real parameters (the parts of the
complex parameters and of their products); here both sides are evaluated at random numbers, so a
wrong sign of an ``I``, of a conjugate or of a product's cross term shows up whatever the algebra.
"""

from __future__ import annotations

import cmath
import random

import pytest
import sympy as sp

from alpseesaw.model.complexparts import ComplexProducts, real_imag

x, y = sp.symbols("x y", real=True)
V1, V2, V3 = sp.symbols("V1 V2 V3")
NAMES = {"V1": ("V1r", "V1i"), "V2": ("V2r", "V2i"), "V3": ("V3r", "V3i")}
c = sp.conjugate

COUPLINGS = [
    V1, c(V1), sp.I * V1, sp.I * c(V2), 3 * x * V1 * c(V2), -sp.I * y * V1 * V2 * c(V3),
    x * V1**2 + sp.I * y * c(V2) ** 2, sp.I * x * (V1 * c(V2) + c(V1) * V2),
    sp.Rational(1, 2) * (x + y) * V3 - sp.I * x * y * c(V1) * V2 * V3, -7 * sp.I * x,
    x * y + 2 * V2 * c(V2),
]  # fmt: skip


@pytest.mark.parametrize("value", COUPLINGS, ids=str)
def test_split_is_the_real_and_imaginary_part(value) -> None:
    cp = ComplexProducts(NAMES, lambda expr, _name: expr)  # declare inline
    re, im = cp.split(value)
    rng = random.Random(5)
    for _ in range(3):
        num = {s: rng.uniform(-2, 2) for s in (x, y)}
        parts = {n: (rng.uniform(-2, 2), rng.uniform(-2, 2)) for n in NAMES}
        z = {sp.Symbol(n): complex(*parts[n]) for n in NAMES}
        real = {sp.Symbol(r, real=True): parts[n][0] for n, (r, _) in NAMES.items()}
        real |= {sp.Symbol(i, real=True): parts[n][1] for n, (_, i) in NAMES.items()}
        want = complex(value.subs(num | z))
        got_re = complex(sp.sympify(re).subs(num | real))
        got_im = complex(sp.sympify(im).subs(num | real))
        assert got_re.imag == 0
        assert got_im.imag == 0
        assert cmath.isclose(got_re.real + 1j * got_im.real, want, rel_tol=1e-12, abs_tol=1e-12)


@pytest.mark.parametrize(("n_i", "part"), [(0, (1, 0)), (1, (0, 1)), (2, (-1, 0)), (3, (0, -1)),
                                           (4, (1, 0)), (5, (0, 1))])  # fmt: skip
def test_real_imag_of_powers_of_i(n_i, part) -> None:
    # i^n = 1, i, -1, -i, 1, i: a list of factors with n I's (the list form of the contract)
    re, im = real_imag([sp.I] * n_i + [x])
    assert (re, im) == (part[0] * x, part[1] * x)
