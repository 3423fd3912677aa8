from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'ufo/parameters.py.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_model = resolve('model')
    l_0_version = resolve('version')
    l_0_parameters = resolve('parameters')
    pass
    yield '# Parameters of '
    yield str(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'name'))
    yield ', written by alpseesaw '
    yield str((undefined(name='version') if l_0_version is missing else l_0_version))
    yield ".\n# External parameters keep the names of the alpseesaw card. The neutrino block's outputs (masses,\n# Yukawas, mu_S, mu_R and the 7x7 Takagi mixing VN) cannot be computed by a UFO consumer: they are\n# external parameters at their values for the card (complex ones as real and imaginary parts,\n# recombined below). Regenerate the UFO with alpseesaw after changing neutrino inputs.\n\n\nfrom .object_library import all_parameters, Parameter\nfrom .function_library import complexconjugate, re, im, csc, sec, acsc, asec, cot\n\n"
    for l_1_p in (undefined(name='parameters') if l_0_parameters is missing else l_0_parameters):
        _loop_vars = {}
        pass
        if environment.getattr(l_1_p, 'comment'):
            pass
            yield '# '
            yield str(environment.getattr(l_1_p, 'comment'))
            yield '\n'
        yield str(environment.getattr(l_1_p, 'name'))
        yield ' = Parameter(name='
        yield str(environment.getattr(l_1_p, 'name_lit'))
        yield ',\n'
        yield str(environment.getattr(l_1_p, 'indent'))
        yield 'nature='
        yield str(environment.getattr(l_1_p, 'nature'))
        yield ',\n'
        yield str(environment.getattr(l_1_p, 'indent'))
        yield 'type='
        yield str(environment.getattr(l_1_p, 'type'))
        yield ',\n'
        yield str(environment.getattr(l_1_p, 'indent'))
        yield 'value='
        yield str(environment.getattr(l_1_p, 'value'))
        yield ',\n'
        if environment.getattr(l_1_p, 'lhablock'):
            pass
            yield str(environment.getattr(l_1_p, 'indent'))
            yield 'texname='
            yield str(environment.getattr(l_1_p, 'texname'))
            yield ',\n'
            yield str(environment.getattr(l_1_p, 'indent'))
            yield 'lhablock='
            yield str(environment.getattr(l_1_p, 'lhablock'))
            yield ',\n'
            yield str(environment.getattr(l_1_p, 'indent'))
            yield 'lhacode='
            yield str(environment.getattr(l_1_p, 'lhacode'))
            yield ')\n'
        else:
            pass
            yield str(environment.getattr(l_1_p, 'indent'))
            yield 'texname='
            yield str(environment.getattr(l_1_p, 'texname'))
            yield ')\n'
        yield '\n'
    l_1_p = missing

blocks = {}
debug_info = '1=15&11=19&12=22&13=25&15=27&16=31&17=35&18=39&19=43&20=45&21=49&22=53&24=59'