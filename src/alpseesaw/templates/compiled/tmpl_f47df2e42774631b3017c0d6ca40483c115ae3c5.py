from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'ufo/couplings.py.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_model = resolve('model')
    l_0_version = resolve('version')
    l_0_couplings = resolve('couplings')
    pass
    yield '# Couplings of '
    yield str(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'name'))
    yield ', written by alpseesaw '
    yield str((undefined(name='version') if l_0_version is missing else l_0_version))
    yield '.\n# Each value is i times the Lagrangian coefficient of its Lorentz structure (the Feynman rule).\n\n\nfrom .object_library import all_couplings, Coupling\nfrom .function_library import complexconjugate, re, im, csc, sec, acsc, asec, cot\n\n'
    for l_1_c in (undefined(name='couplings') if l_0_couplings is missing else l_0_couplings):
        _loop_vars = {}
        pass
        yield str(environment.getattr(l_1_c, 'name'))
        yield ' = Coupling(name='
        yield str(environment.getattr(l_1_c, 'name_lit'))
        yield ',\n'
        yield str(environment.getattr(l_1_c, 'indent'))
        yield 'value='
        yield str(environment.getattr(l_1_c, 'value'))
        yield ',\n'
        yield str(environment.getattr(l_1_c, 'indent'))
        yield 'order='
        yield str(environment.getattr(l_1_c, 'orders'))
        yield ')\n\n'
    l_1_c = missing

blocks = {}
debug_info = '1=15&8=19&9=22&10=26&11=30'