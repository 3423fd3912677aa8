from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'ufo/propagators.py.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_version = resolve('version')
    pass
    yield '# Propagators (UFO 2.0), written by alpseesaw '
    yield str((undefined(name='version') if l_0_version is missing else l_0_version))
    yield '. The standard propagators of every\n# spin, for consumers that read them; no particle of the model uses a custom propagator.\n\n\nfrom .object_library import all_propagators, Propagator\n\n# propagator of a vector boson in unitary gauge\nV1 = Propagator(name="V1",\n                numerator="complex(0,1) * (-1 * Metric(1, 2) + Metric(1,\'mu\')* P(\'mu\', id) * P(2, id) / Mass(id)**2 )",\n                denominator="P(\'mu\', id) * P(\'mu\', id) - Mass(id) * Mass(id) + complex(0,1) * Mass(id) * Width(id)")\n\n# propagator of a massless vector boson (Feynman gauge)\nV2 = Propagator(name="V2",\n                numerator="complex(0,-1) * Metric(1, 2)",\n                denominator="P(\'mu\', id) * P(\'mu\', id)")\n\n# propagator of a fermion (flow into the vertex, outgoing from the propagator)\nF1 = Propagator(name="F1",\n                numerator="complex(0,1) * (Gamma(\'mu\', 1, 2) * P(\'mu\', id) + Mass(id) * Identity(1, 2))",\n                denominator="P(\'mu\', id) * P(\'mu\', id) - Mass(id) * Mass(id) + complex(0,1) * Mass(id) * Width(id)")\n\n# propagator of a fermion (flow out of the vertex)\nF2 = Propagator(name="F2",\n                numerator="complex(0,1) * (Gamma(\'mu\', 1, 2) * P(\'mu\', id) + Mass(id) * Identity(1, 2))",\n                denominator="P(\'mu\', id) * P(\'mu\', id) - Mass(id) * Mass(id) + complex(0,1) * Mass(id) * Width(id)")\n\n# propagator of a scalar\nS1 = Propagator(name="S1",\n                numerator="complex(0,1)",\n                denominator="P(\'mu\', id) * P(\'mu\', id) - Mass(id) * Mass(id) + complex(0,1) * Mass(id) * Width(id)")\n'

blocks = {}
debug_info = '1=13'