from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'ufo/param_card.dat.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_restriction = resolve('restriction')
    l_0_model = resolve('model')
    l_0_version = resolve('version')
    l_0_model_hash = resolve('model_hash')
    l_0_omitted = resolve('omitted')
    l_0_blocks = resolve('blocks')
    l_0_decays = resolve('decays')
    try:
        t_1 = environment.filters['format']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'format' found.")
    pass
    yield '######################################################################\n'
    if (undefined(name='restriction') if l_0_restriction is missing else l_0_restriction):
        pass
        yield '## DEFAULT RESTRICTION CARD of the UFO model '
        yield str((undefined(name='model') if l_0_model is missing else l_0_model))
        yield " (MadGraph applies it on\n## `import model`; import MODEL-full to skip it). Equal to param_card.dat except:\n## parameters that are 0 here are removed with the vertices they switch off;\n## +-1 is written +-9.999999e-1 (MadGraph's marker, restored to 1); a value equal\n## in magnitude to another one of its block is moved by one unit in the last\n## place, so that MadGraph does not merge the two parameters.\n"
    else:
        pass
        yield '## PARAM_CARD of the UFO model '
        yield str((undefined(name='model') if l_0_model is missing else l_0_model))
        yield '\n'
    yield '## written by alpseesaw '
    yield str((undefined(name='version') if l_0_version is missing else l_0_version))
    yield ' (model IR hash '
    yield str((undefined(name='model_hash') if l_0_model_hash is missing else l_0_model_hash))
    yield ')\n##\n## The neutrino blocks (MASS of nu1-nu3 and N1-N4, NUMDN, NUMNN, NUMURN, NUMUSN/IMNUMUSN,\n## NUMIX/IMNUMIX) are outputs of alpseesaw\'s 7x7 Takagi factorisation at the card below;\n## a UFO consumer cannot recompute them: for other neutrino inputs write the whole card with\n## `alpseesaw param-card --card F --out param_card.dat` (no regeneration needed).\n## Widths marked "computed" are alpseesaw\'s tree-level two-body widths at this card.\n##\n## Card inputs used only by the neutrino block (not parameters of the UFO):\n'
    for (l_1_name, l_1_value, l_1_where) in (undefined(name='omitted') if l_0_omitted is missing else l_0_omitted):
        _loop_vars = {}
        pass
        yield '##   '
        yield str(t_1('%-8s', l_1_name))
        yield ' = '
        yield str(l_1_value)
        yield '   ('
        yield str(l_1_where)
        yield ')\n'
    l_1_name = l_1_value = l_1_where = missing
    yield '######################################################################\n\n'
    for l_1_block in (undefined(name='blocks') if l_0_blocks is missing else l_0_blocks):
        _loop_vars = {}
        pass
        yield 'BLOCK '
        yield str(environment.getattr(l_1_block, 'name'))
        yield ' #\n'
        for (l_2_code, l_2_value, l_2_comment) in environment.getattr(l_1_block, 'rows'):
            _loop_vars = {}
            pass
            yield '  '
            yield str(l_2_code)
            yield ' '
            yield str(l_2_value)
            yield ' # '
            yield str(l_2_comment)
            yield '\n'
        l_2_code = l_2_value = l_2_comment = missing
        yield '\n'
    l_1_block = missing
    for l_1_d in (undefined(name='decays') if l_0_decays is missing else l_0_decays):
        _loop_vars = {}
        pass
        yield 'DECAY '
        yield str(t_1('%9d', environment.getattr(l_1_d, 'pdg')))
        yield ' '
        yield str(environment.getattr(l_1_d, 'value'))
        yield ' # '
        yield str(environment.getattr(l_1_d, 'comment'))
        yield '\n'
        if environment.getattr(l_1_d, 'brs'):
            pass
            yield '#  BR                       NDA  ID1  ID2\n'
            for (l_2_br, l_2_ids, l_2_comment) in environment.getattr(l_1_d, 'brs'):
                _loop_vars = {}
                pass
                yield '   '
                yield str(l_2_br)
                yield '  2  '
                yield str(t_1('%8d', environment.getitem(l_2_ids, 0)))
                yield ' '
                yield str(t_1('%8d', environment.getitem(l_2_ids, 1)))
                yield ' # '
                yield str(l_2_comment)
                yield '\n'
            l_2_br = l_2_ids = l_2_comment = missing
    l_1_d = missing

blocks = {}
debug_info = '2=25&3=28&10=33&12=36&21=40&22=44&26=52&27=56&28=58&29=62&33=71&34=75&35=81&37=84&38=88'