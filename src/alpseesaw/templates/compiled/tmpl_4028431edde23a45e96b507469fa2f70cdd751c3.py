from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'calchep/extlib1.mdl.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_title = resolve('title')
    pass
    yield str((undefined(name='title') if l_0_title is missing else l_0_title))
    yield '\nLibraries\nExternal libraries  |\n================================================================================\n'

blocks = {}
debug_info = '2=12'