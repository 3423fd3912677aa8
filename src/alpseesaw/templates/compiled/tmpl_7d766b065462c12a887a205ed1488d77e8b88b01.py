from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'ufo/write_param_card.py.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_version = resolve('version')
    l_0_model = resolve('model')
    pass
    yield '# Write an SLHA param_card from the external parameters of the model, written by alpseesaw\n# '
    yield str((undefined(name='version') if l_0_version is missing else l_0_version))
    yield '. ``param_card_text()`` is pure; ``write_param_card(path)`` writes the file;\n# ``ParamCardWriter(filename)`` is the FeynRules-compatible entry point (it writes on creation,\n# as the UFO tools that call it expect).\n\n\nfrom .object_library import all_parameters, all_particles\n\nHEADER = "######################################################################\\n" \\\n         "## PARAM_CARD WRITTEN BY THE UFO MODEL '
    yield str(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'name'))
    yield '\\n" \\\n         "######################################################################\\n"\n\n\ndef _entries(parameters):\n    blocks = {}\n    for p in parameters:\n        if p.nature != "external":\n            continue\n        blocks.setdefault(p.lhablock.upper(), []).append(p)\n    return blocks\n\n\ndef param_card_text(parameters=None):\n    """The param_card text for ``parameters`` (default: all external parameters)."""\n    if parameters is None:\n        parameters = all_parameters\n    blocks = _entries(parameters)\n    lines = [HEADER]\n    for name in sorted(b for b in blocks if b != "DECAY"):\n        lines.append("BLOCK %s #" % name)\n        for p in sorted(blocks[name], key=lambda q: tuple(q.lhacode)):\n            code = " ".join("%3d" % c for c in p.lhacode)\n            lines.append("  %s %.16e # %s" % (code, float(p.value), p.name))\n        lines.append("")\n    for p in sorted(blocks.get("DECAY", []), key=lambda q: tuple(q.lhacode)):\n        lines.append("DECAY %9d %.16e # %s" % (p.lhacode[0], float(p.value), p.name))\n    lines.append("")\n    return "\\n".join(lines)\n\n\ndef write_param_card(path, parameters=None):\n    """Write ``param_card_text(parameters)`` to ``path``."""\n    with open(path, "w") as handle:\n        handle.write(param_card_text(parameters))\n\n\nclass ParamCardWriter(object):\n    """FeynRules-compatible writer: ``ParamCardWriter(filename, list_of_parameters=None, generic=False)``."""\n\n    header = HEADER\n\n    def __init__(self, filename, list_of_parameters=None, generic=False):\n        self.text = param_card_text(list_of_parameters)\n        write_param_card(filename, list_of_parameters)\n'

blocks = {}
debug_info = '2=14&10=16'