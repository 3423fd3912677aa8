from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'lanhep/model.lhp.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_src = resolve('src')
    l_0_version = resolve('version')
    l_0_model_hash = resolve('model_hash')
    l_0_n_vertices = resolve('n_vertices')
    try:
        t_1 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    pass
    yield '% '
    yield str(environment.getattr((undefined(name='src') if l_0_src is missing else l_0_src), 'title'))
    yield ': LanHEP source written by alpseesaw '
    yield str((undefined(name='version') if l_0_version is missing else l_0_version))
    yield ' from the model IR\n% (model hash '
    yield str((undefined(name='model_hash') if l_0_model_hash is missing else l_0_model_hash))
    yield '). Regenerate instead of editing.\n%   lhep -ca model.lhp    CalcHEP model files (vars1 func1 prtcls1 lgrng1 .mdl)\n%   lhep -ufo model.lhp   a UFO directory\n% Conventions: alpseesaw docs/lanhep.md. One lterm per IR vertex ('
    yield str((undefined(name='n_vertices') if l_0_n_vertices is missing else l_0_n_vertices))
    yield " vertices);\n% LanHEP differentiates the Lagrangian itself (symmetry factors, Majorana doubling,\n% derivatives d_mu -> -i p_mu are LanHEP's), and CheckHerm checks its hermiticity.\n\nmodel '"
    yield str(environment.getattr((undefined(name='src') if l_0_src is missing else l_0_src), 'title'))
    yield "'/1.\n"
    for (l_1_name, l_1_value) in environment.getattr((undefined(name='src') if l_0_src is missing else l_0_src), 'options'):
        _loop_vars = {}
        pass
        yield 'option '
        yield str(l_1_name)
        yield '='
        yield str(l_1_value)
        yield '.\n'
    l_1_name = l_1_value = missing
    yield "\nprtcformat fullname: 'Full  name      ', name: ' P       ', aname: ' aP      ',\n    pdg: '  number  ', spin2, mass: ' mass   ', width: ' width   ', color, aux,\n    texname: ' LaTeX(A)       ', atexname: '  LateX(A+)         '.\n\n% ---- parameters, in dependency order (card values; neutrino-block outputs at the card) ----\n"
    for l_1_p in environment.getattr((undefined(name='src') if l_0_src is missing else l_0_src), 'parameters'):
        _loop_vars = {}
        pass
        yield 'parameter '
        yield str(environment.getattr(l_1_p, 'name'))
        yield ' = '
        yield str(environment.getattr(l_1_p, 'value'))
        yield " : '"
        yield str(environment.getattr(l_1_p, 'comment'))
        yield "'.\n"
    l_1_p = missing
    yield "\n% SLHA blocks of the card's parameters (LanHEP's UFO param_card)\n"
    for (l_1_name, l_1_block, l_1_index) in environment.getattr((undefined(name='src') if l_0_src is missing else l_0_src), 'lha'):
        _loop_vars = {}
        pass
        yield 'lha '
        yield str(l_1_name)
        yield '='
        yield str(l_1_block)
        yield '('
        yield str(l_1_index)
        yield ').\n'
    l_1_name = l_1_block = l_1_index = missing
    yield '\n% ---- particles (CalcHEP names; unitary gauge; automatic widths) ----\n'
    for l_1_p in environment.getattr((undefined(name='src') if l_0_src is missing else l_0_src), 'particles'):
        _loop_vars = {}
        pass
        yield str(environment.getattr(l_1_p, 'kind'))
        yield ' '
        yield str(environment.getattr(l_1_p, 'name'))
        yield '/'
        yield str(environment.getattr(l_1_p, 'anti'))
        yield ': ('
        yield str(t_1(context.eval_ctx, environment.getattr(l_1_p, 'options'), ', '))
        yield ').\n'
    l_1_p = missing
    yield '\n% ---- interaction: the Lagrangian term of each IR vertex ----\n'
    for l_1_t in environment.getattr((undefined(name='src') if l_0_src is missing else l_0_src), 'lterms'):
        _loop_vars = {}
        pass
        yield '% '
        yield str(environment.getattr(l_1_t, 'vertex'))
        if (environment.getattr(l_1_t, 'symmetry') > 1):
            pass
            yield ': 1/'
            yield str(environment.getattr(l_1_t, 'symmetry'))
            yield ' for identical legs'
        yield '\nlterm '
        yield str(t_1(context.eval_ctx, context.call(environment.getattr(l_1_t, 'lines'), _loop_vars=_loop_vars), '\n    '))
        yield '.\n'
    l_1_t = missing
    yield '\n'
    if environment.getattr((undefined(name='src') if l_0_src is missing else l_0_src), 'ghost_terms'):
        pass
        yield "% ---- the gluon's ghost term (unitary-gauge IR; CalcHEP needs it for external gluons) ----\n"
        for l_1_g in environment.getattr((undefined(name='src') if l_0_src is missing else l_0_src), 'ghost_terms'):
            _loop_vars = {}
            pass
            yield 'lterm '
            yield str(l_1_g)
            yield '.\n'
        l_1_g = missing
        yield '\n'
    yield '% the photon and the charge unit: LanHEP reads the charges (UFO output) from L = -g Q psibar A psi\nSetEM(A, '
    yield str(environment.getattr((undefined(name='src') if l_0_src is missing else l_0_src), 'em_coupling'))
    yield ').\nCheckHerm.\n'

blocks = {}
debug_info = '1=22&2=26&5=28&9=30&10=32&11=36&19=42&20=46&24=54&25=58&29=66&30=69&34=79&35=83&37=90&40=94&42=97&43=101&48=106'