from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'calchep/prtcls1.mdl.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_title = resolve('title')
    l_0_table = resolve('table')
    pass
    yield str((undefined(name='title') if l_0_title is missing else l_0_title))
    yield '\n Particles\n'
    for l_1_line in (undefined(name='table') if l_0_table is missing else l_0_table):
        _loop_vars = {}
        pass
        yield str(l_1_line)
        yield '\n'
    l_1_line = missing
    yield '====================================================================================================\n'

blocks = {}
debug_info = '2=13&4=15&5=18'