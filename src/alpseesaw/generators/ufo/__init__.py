"""UFO model directory from the IR (UFO 2.0 conventions, arXiv:2304.09883), for MadGraph5_aMC@NLO,
Sherpa, Herwig, WHIZARD and MadDM.

:func:`generate` is pure: ``(ModelIR, card values) -> {relative path: text}``, byte-deterministic.
The directory holds ``__init__.py object_library.py function_library.py particles.py
parameters.py couplings.py lorentz.py vertices.py coupling_orders.py propagators.py decays.py
write_param_card.py param_card.dat restrict_default.dat``; the modules import each other with
explicit relative imports (valid under absolute-import semantics, as MadGraph imports the model
as a package).

Conventions (see ``docs/ufo.md``; every one is pinned by ``tests/ufo``):

* **Vertex = Feynman rule, particles outgoing.** A UFO vertex ``[X_1 ... X_n]`` with couplings
  ``G`` and Lorentz structures ``L`` is ``sum G x colour x L`` = the Feynman rule (``i`` times the
  Lagrangian coefficient) for ``X_1 ... X_n`` *leaving* the vertex, ``P(mu,k)`` being the momentum
  flowing *out* through leg ``k``. This is how FeynRules writes UFOs and MadGraph, ufoamp read them:
  the FeynRules SM lists ``[e+, ve, W-]`` with ``Gamma(3,2,-1)*ProjM(-1,1)`` and coupling
  ``CKM``-unconjugated for ``[d~, c, W-]`` (the term ``cbar V_cd d W+``), and its ``[A, W-, W+]``
  vertex, coupling ``+i e``, is gauge invariant together with ``[e+, e-, A]``, coupling ``-i e``,
  only with outgoing momenta. Equivalently: the rule for the *antiparticles* ``anti(X_k)``
  incoming, with incoming momenta ``-P(mu,k)``. The IR vertex (incoming legs ``L_k``, incoming
  momenta) therefore becomes the UFO vertex ``[anti(L_k)]`` with ``P -> -P`` and the factor ``i``.
* **Fermion flow.** Fermion pairs come first; the UFO lists ``[anti(field leg), anti(bar leg)]``,
  the spinor structure has the row index on leg 2 and the column index on leg 1
  (``Gamma(3,2,-1)*ProjM(-1,1)`` = ``ubar_2 gamma^mu P_L ..._1``). Majorana vertices are the IR's
  Denner rules (both Wick orientations, the familiar factor 2 for identical fields), the form
  MadGraph's Majorana treatment expects.
* **Epsilon.** UFO ``Epsilon`` is MadGraph's (ALOHA's) Levi-Civita tensor, ``eps^{0123} = -1``
  (``Tr[g5 g^a g^b g^c g^d] = 4 i Epsilon(a,b,c,d)`` with ``g5 = i g^0 g^1 g^2 g^3``); the IR uses
  ``eps^{0123} = +1``, so every IR ``eps`` is written as ``-Epsilon``.
* **Names.** Particle names are the IR's except the ALP, ``a`` -> ``ax`` (as in the CalcHEP output):
  UFO consumers identify particle names case-insensitively (ufo-model-loader rejects ``A`` next to
  ``a``). External parameters keep the model's names and SLHA blocks. The outputs of the neutrino
  Takagi block, which no consumer can compute, are written as external parameters at their values
  for the card (masses in ``MASS``; ``NUMDN``, ``NUMNN``, ``NUMURN``; complex ``VN``/``muSn`` as real
  and imaginary parts in ``NUMIX``/``IMNUMIX`` and ``NUMUS``/``IMNUMUS`` recombined by internal
  complex parameters); ``alpseesaw param-card`` writes them for any card, so a UFO generated
  once takes every point through its param_card. Card inputs that only feed the
  neutrino block (``NUINPUTS``) are listed in the param_card header, not as parameters.
* **Widths.** Widths of the new unstable states are parameters; a zero on the card is replaced by
  the tree-level two-body total width at the card (:mod:`alpseesaw.model.widths`), so MadDM does not
  take a heavy neutrino or the ALP for dark matter. ``decays.py`` holds the partial widths of the
  channels open at the card.
* **Coupling orders.** ``QCD`` = power of ``gs``. ``QED``: ``n_legs - 2 - QCD`` for vertices of SM
  particles only (MadGraph's SM convention), otherwise the power of the electroweak coupling
  (``ee, ee0, g, gp``: 1, ``aEW, aEW0``: 2, ``v``: -1, Yukawas: 1, quartics: 2; the smallest over the terms of a
  coupling). ``NP`` = 1 for vertices with a new particle (a, phi, chi, N1-N4). Hierarchies
  QCD 1, QED 2, NP 2.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from alpseesaw import __version__
from alpseesaw.generators.ufo.couplings import coupling_orders
from alpseesaw.generators.ufo.decays import decay_tables
from alpseesaw.generators.ufo.files import render_files
from alpseesaw.generators.ufo.lorentz import lorentz_term
from alpseesaw.generators.ufo.param_card import param_card_text, restriction_values
from alpseesaw.generators.ufo.parameters import ufo_parameters, used_names
from alpseesaw.generators.ufo.particles import particle_record, python_name, ufo_name
from alpseesaw.generators.ufo.records import COUPLING_ORDERS, UFO_FILES, UFOModel
from alpseesaw.generators.ufo.vertices import leg_order, ufo_vertices, vertex_terms
from alpseesaw.model.card import PointLike, as_point

if TYPE_CHECKING:
    from alpseesaw.model.ir import ModelIR


def build(ir: ModelIR, point: PointLike = None) -> UFOModel:
    """The UFO model at the point (defaults for what it leaves out)."""
    values = as_point(ir, point).values
    tables = ufo_vertices(ir)
    dec = decay_tables(ir, values)
    used = used_names(ir, [*tables.coupling_values, *dec.exprs])
    params, card_entries, omitted = ufo_parameters(
        ir, values, used, dec.width_values, dec.width_notes
    )
    ufo_particles = tuple(particle_record(ir, p) for p in ir.particles)
    card_text = param_card_text(ir, card_entries, omitted, dec.branchings, dec.totals)
    restrict = param_card_text(
        ir, card_entries, omitted, dec.branchings, dec.totals, restriction=True
    )
    header = {"version": __version__, "model": ir.name, "hash": ir.hash}
    return UFOModel(
        ir.name,
        ufo_particles,
        tuple(params),
        tables.couplings,
        tables.lorentz,
        tables.vertices,
        dec.decays,
        card_text,
        restrict,
        header,
    )


def generate(ir: ModelIR, point: PointLike = None) -> dict[str, str]:
    """The UFO model directory at the point: ``{relative path: text}`` (pure, deterministic).

    The caller adds the manifest (:func:`alpseesaw.generators.base.manifest`) and writes the tree.
    """
    return render_files(build(ir, point))


__all__ = [
    "COUPLING_ORDERS",
    "UFO_FILES",
    "UFOModel",
    "build",
    "coupling_orders",
    "generate",
    "leg_order",
    "lorentz_term",
    "python_name",
    "restriction_values",
    "ufo_name",
    "vertex_terms",
]
