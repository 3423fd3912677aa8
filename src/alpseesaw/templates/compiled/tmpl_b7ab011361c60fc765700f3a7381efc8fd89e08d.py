from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'ufo/coupling_orders.py.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_version = resolve('version')
    l_0_orders = resolve('orders')
    pass
    yield '# Coupling orders, written by alpseesaw '
    yield str((undefined(name='version') if l_0_version is missing else l_0_version))
    yield ".\n# QCD: power of gs. QED: power of the electroweak coupling (MadGraph's SM counting for SM\n# vertices). NP: 1 for every vertex with a new particle (a, phi, chi, N1-N4).\n\n\nfrom .object_library import all_orders, CouplingOrder\n\n"
    for (l_1_name, l_1_expansion, l_1_hierarchy) in (undefined(name='orders') if l_0_orders is missing else l_0_orders):
        _loop_vars = {}
        pass
        yield str(l_1_name)
        yield ' = CouplingOrder(name="'
        yield str(l_1_name)
        yield '", expansion_order='
        yield str(l_1_expansion)
        yield ', hierarchy='
        yield str(l_1_hierarchy)
        yield ')\n\n'
    l_1_name = l_1_expansion = l_1_hierarchy = missing

blocks = {}
debug_info = '1=14&8=16&9=19'