from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'ufo/lorentz.py.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_model = resolve('model')
    l_0_version = resolve('version')
    l_0_lorentz = resolve('lorentz')
    pass
    yield '# Lorentz structures of '
    yield str(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'name'))
    yield ', written by alpseesaw '
    yield str((undefined(name='version') if l_0_version is missing else l_0_version))
    yield '.\n# P(mu,k): momentum flowing out of the vertex through leg k. Epsilon: eps^{0123} = -1 (ALOHA).\n# Spinor indices: Gamma(mu,i,j), ProjM(i,j), ProjP(i,j) with i the row (the outgoing fermion of\n# the pair, leg 2) and j the column (leg 1).\n\n\nfrom .object_library import all_lorentz, Lorentz\nfrom .function_library import complexconjugate, re, im, csc, sec, acsc, asec, cot\n\n'
    for l_1_l in (undefined(name='lorentz') if l_0_lorentz is missing else l_0_lorentz):
        _loop_vars = {}
        pass
        yield str(environment.getattr(l_1_l, 'name'))
        yield ' = Lorentz(name='
        yield str(environment.getattr(l_1_l, 'name_lit'))
        yield ',\n'
        yield str(environment.getattr(l_1_l, 'indent'))
        yield 'spins='
        yield str(environment.getattr(l_1_l, 'spins'))
        yield ',\n'
        yield str(environment.getattr(l_1_l, 'indent'))
        yield 'structure='
        yield str(environment.getattr(l_1_l, 'structure'))
        yield ')\n\n'
    l_1_l = missing

blocks = {}
debug_info = '1=15&10=19&11=22&12=26&13=30'