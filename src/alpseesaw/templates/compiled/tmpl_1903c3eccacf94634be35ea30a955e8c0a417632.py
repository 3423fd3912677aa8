from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'ufo/restrict_default.dat.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_restrict_card = resolve('restrict_card')
    pass
    yield str((undefined(name='restrict_card') if l_0_restrict_card is missing else l_0_restrict_card))

blocks = {}
debug_info = '1=12'