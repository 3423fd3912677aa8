from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'ufo/particles.py.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_model = resolve('model')
    l_0_version = resolve('version')
    l_0_particles = resolve('particles')
    pass
    yield '# Particles of '
    yield str(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'name'))
    yield ', written by alpseesaw '
    yield str((undefined(name='version') if l_0_version is missing else l_0_version))
    yield '.\n# Names as in the alpseesaw IR, except the ALP: "ax" (particle names must be unique without regard\n# to case; the photon is "A"). Majorana fermions (nu1-nu3, N1-N4) are self-conjugate.\n\nfrom .object_library import all_particles, Particle\nfrom . import parameters as Param\n\n'
    for l_1_p in (undefined(name='particles') if l_0_particles is missing else l_0_particles):
        _loop_vars = {}
        pass
        yield str(environment.getattr(l_1_p, 'pyname'))
        yield ' = Particle(pdg_code='
        yield str(environment.getattr(l_1_p, 'pdg'))
        yield ',\n'
        yield str(environment.getattr(l_1_p, 'indent'))
        yield 'name='
        yield str(environment.getattr(l_1_p, 'name'))
        yield ',\n'
        yield str(environment.getattr(l_1_p, 'indent'))
        yield 'antiname='
        yield str(environment.getattr(l_1_p, 'antiname'))
        yield ',\n'
        yield str(environment.getattr(l_1_p, 'indent'))
        yield 'spin='
        yield str(environment.getattr(l_1_p, 'spin'))
        yield ',\n'
        yield str(environment.getattr(l_1_p, 'indent'))
        yield 'color='
        yield str(environment.getattr(l_1_p, 'colour'))
        yield ',\n'
        yield str(environment.getattr(l_1_p, 'indent'))
        yield 'mass=Param.'
        yield str(environment.getattr(l_1_p, 'mass'))
        yield ',\n'
        yield str(environment.getattr(l_1_p, 'indent'))
        yield 'width=Param.'
        yield str(environment.getattr(l_1_p, 'width'))
        yield ',\n'
        yield str(environment.getattr(l_1_p, 'indent'))
        yield 'texname='
        yield str(environment.getattr(l_1_p, 'texname'))
        yield ',\n'
        yield str(environment.getattr(l_1_p, 'indent'))
        yield 'antitexname='
        yield str(environment.getattr(l_1_p, 'antitexname'))
        yield ',\n'
        yield str(environment.getattr(l_1_p, 'indent'))
        yield 'line='
        yield str(environment.getattr(l_1_p, 'line'))
        yield ',\n'
        yield str(environment.getattr(l_1_p, 'indent'))
        yield 'charge='
        yield str(environment.getattr(l_1_p, 'charge'))
        yield ',\n'
        yield str(environment.getattr(l_1_p, 'indent'))
        yield 'GhostNumber=0,\n'
        yield str(environment.getattr(l_1_p, 'indent'))
        yield 'LeptonNumber='
        yield str(environment.getattr(l_1_p, 'lepton_number'))
        yield ')\n\n'
        if (not environment.getattr(l_1_p, 'self_conjugate')):
            pass
            yield str(environment.getattr(l_1_p, 'antipyname'))
            yield ' = '
            yield str(environment.getattr(l_1_p, 'pyname'))
            yield '.anti()\n\n'
    l_1_p = missing

blocks = {}
debug_info = '1=15&8=19&9=22&10=26&11=30&12=34&13=38&14=42&15=46&16=50&17=54&18=58&19=62&20=66&21=68&23=72&24=74'