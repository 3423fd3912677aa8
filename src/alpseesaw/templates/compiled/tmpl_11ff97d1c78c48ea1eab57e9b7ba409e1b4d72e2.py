from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'ufo/vertices.py.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_model = resolve('model')
    l_0_version = resolve('version')
    l_0_vertices = resolve('vertices')
    pass
    yield '# Vertices of '
    yield str(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'name'))
    yield ', written by alpseesaw '
    yield str((undefined(name='version') if l_0_version is missing else l_0_version))
    yield '.\n# Each vertex is the Feynman rule for its particles leaving the vertex; the comment names the\n# alpseesaw IR vertex (incoming legs) it comes from.\n\n\nfrom .object_library import all_vertices, Vertex\nfrom . import particles as P\nfrom . import couplings as C\nfrom . import lorentz as L\n\n'
    for l_1_v in (undefined(name='vertices') if l_0_vertices is missing else l_0_vertices):
        _loop_vars = {}
        pass
        yield '# IR vertex: '
        yield str(environment.getattr(l_1_v, 'ir'))
        yield '\n'
        yield str(environment.getattr(l_1_v, 'name'))
        yield ' = Vertex(name='
        yield str(environment.getattr(l_1_v, 'name_lit'))
        yield ',\n'
        yield str(environment.getattr(l_1_v, 'indent'))
        yield 'particles=['
        yield str(environment.getattr(l_1_v, 'particles'))
        yield '],\n'
        yield str(environment.getattr(l_1_v, 'indent'))
        yield 'color=['
        yield str(environment.getattr(l_1_v, 'colour'))
        yield '],\n'
        yield str(environment.getattr(l_1_v, 'indent'))
        yield 'lorentz=['
        yield str(environment.getattr(l_1_v, 'lorentz'))
        yield '],\n'
        yield str(environment.getattr(l_1_v, 'indent'))
        yield 'couplings={'
        yield str(environment.getattr(l_1_v, 'couplings'))
        yield '})\n\n'
    l_1_v = missing

blocks = {}
debug_info = '1=15&11=19&12=23&13=25&14=29&15=33&16=37&17=41'