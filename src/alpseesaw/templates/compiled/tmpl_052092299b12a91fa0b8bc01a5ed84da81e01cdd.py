from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'ufo/function_library.py.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_version = resolve('version')
    pass
    yield '# Functions of UFO expressions (UFO 2.0), written by alpseesaw '
    yield str((undefined(name='version') if l_0_version is missing else l_0_version))
    yield '.\n\n\nfrom .object_library import all_functions, Function\n\ncomplexconjugate = Function(name="complexconjugate", arguments=("z",), expression="z.conjugate()")\n\nre = Function(name="re", arguments=("z",), expression="z.real")\n\nim = Function(name="im", arguments=("z",), expression="z.imag")\n\ncsc = Function(name="csc", arguments=("z",), expression="1./cmath.sin(z)")\n\nsec = Function(name="sec", arguments=("z",), expression="1./cmath.cos(z)")\n\nacsc = Function(name="acsc", arguments=("z",), expression="cmath.asin(1./z)")\n\nasec = Function(name="asec", arguments=("z",), expression="cmath.acos(1./z)")\n\ncot = Function(name="cot", arguments=("z",), expression="1./cmath.tan(z)")\n'

blocks = {}
debug_info = '1=13'