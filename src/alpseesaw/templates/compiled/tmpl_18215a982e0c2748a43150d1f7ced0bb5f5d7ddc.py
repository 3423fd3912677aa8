from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'ufo/decays.py.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_version = resolve('version')
    l_0_decays = resolve('decays')
    pass
    yield '# Tree-level two-body partial widths (GeV) of the new unstable states, written by alpseesaw\n# '
    yield str((undefined(name='version') if l_0_version is missing else l_0_version))
    yield ': derived from the 3-point vertices (alpseesaw.model.widths), channels open at the\n# card the UFO was generated for.\n\n\nfrom .object_library import all_decays, Decay\nfrom . import particles as P\n\n'
    for l_1_d in (undefined(name='decays') if l_0_decays is missing else l_0_decays):
        _loop_vars = {}
        pass
        yield 'Decay_'
        yield str(environment.getattr(l_1_d, 'particle'))
        yield ' = Decay(name="Decay_'
        yield str(environment.getattr(l_1_d, 'particle'))
        yield '",\n'
        yield str(environment.getattr(l_1_d, 'indent'))
        yield 'particle=P.'
        yield str(environment.getattr(l_1_d, 'particle'))
        yield ',\n'
        yield str(environment.getattr(l_1_d, 'indent'))
        yield 'partial_widths={\n'
        for (l_2_products, l_2_width) in environment.getattr(l_1_d, 'channels'):
            _loop_vars = {}
            pass
            yield str(environment.getattr(l_1_d, 'indent'))
            yield '    ('
            yield str(l_2_products)
            yield '): '
            yield str(l_2_width)
            yield ',\n'
        l_2_products = l_2_width = missing
        yield str(environment.getattr(l_1_d, 'indent'))
        yield '})\n\n'
    l_1_d = missing

blocks = {}
debug_info = '2=14&9=16&10=20&11=24&12=28&13=30&14=33&16=40'