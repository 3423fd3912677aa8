from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'ufo/__init__.py.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_model = resolve('model')
    l_0_version = resolve('version')
    pass
    yield '"""UFO model '
    yield str(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'name'))
    yield ': SM + inverse seesaw (two N_R, two S_L) + ALP-portal Dirac dark matter.\n\nWritten by alpseesaw '
    yield str((undefined(name='version') if l_0_version is missing else l_0_version))
    yield ' from the model IR (hash '
    yield str(environment.getattr(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'header'), 'hash'))
    yield ').\nConventions: docs/ufo.md of alpseesaw. A vertex is the Feynman rule with its particles outgoing and\nP(mu,k) the momentum leaving through leg k; Epsilon has eps^{0123} = -1 (MadGraph/ALOHA).\n"""\n\n\nfrom . import object_library\nfrom . import function_library\nfrom . import parameters\nfrom . import particles\nfrom . import couplings\nfrom . import lorentz\nfrom . import vertices\nfrom . import coupling_orders\nfrom . import propagators\nfrom . import decays\nfrom . import write_param_card\n\nall_particles = particles.all_particles\nall_vertices = vertices.all_vertices\nall_couplings = couplings.all_couplings\nall_lorentz = lorentz.all_lorentz\nall_parameters = parameters.all_parameters\nall_orders = coupling_orders.all_orders\nall_functions = function_library.all_functions\nall_propagators = propagators.all_propagators\nall_decays = decays.all_decays\nall_form_factors = object_library.all_form_factors\nall_CTvertices = object_library.all_CTvertices\nall_CTparameters = object_library.all_CTparameters\n\n# unitary gauge only (no Goldstone bosons)\ngauge = [0]\n\n__author__ = "alpseesaw '
    yield str((undefined(name='version') if l_0_version is missing else l_0_version))
    yield '"\n__version__ = "'
    yield str((undefined(name='version') if l_0_version is missing else l_0_version))
    yield '"\n'

blocks = {}
debug_info = '1=14&3=16&37=20&38=22'