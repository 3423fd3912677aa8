from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'micromegas/extlib1.mdl.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_spec = resolve('spec')
    pass
    yield str(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'model_name'))
    yield '\nLibraries\nExternal libraries  and citation                                      <|\n========================================================================\n'

blocks = {}
debug_info = '1=12'