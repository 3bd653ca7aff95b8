"""`{% kept "name" value=expression ... %} ... {% endkept %}`: a fragment rendered once for
the values it is given and kept (web/fragments.py). Inside, the fragment sees those values
alone, and LANGUAGE_CODE."""

import hashlib

from django import template
from django.utils import translation

from resolutions.web import fragments

register = template.Library()


class KeptNode(template.Node):
    def __init__(self, name: str, source: str, values: dict, nodelist):
        self.name = name
        self.source = source
        self.values = values
        self.nodelist = nodelist

    def render(self, context):
        values = {name: value.resolve(context) for name, value in self.values.items()}
        language = translation.get_language()

        def render():
            return self.nodelist.render(context.new({**values, "LANGUAGE_CODE": language}))

        return fragments.kept(self.name, values, language, render, source=self.source)


@register.tag
def kept(parser, token):
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError(
            '{% kept "name" value=expression ... %} takes a quoted name first'
        )
    values = {}
    for bit in bits[2:]:
        name, equals, expression = bit.partition("=")
        if not equals or not name.isidentifier():
            raise template.TemplateSyntaxError(f"{{% kept %}}: {bit!r} is not name=value")
        values[name] = parser.compile_filter(expression)
    # The fragment's own source goes into its key (the templates it includes are in
    # fragments.release()): a template not read from a file (a string) is digested too.
    remaining = list(parser.tokens)  # the next token last
    nodelist = parser.parse(("endkept",))
    inside = remaining[len(parser.tokens) :]
    parser.delete_first_token()
    source = hashlib.sha256(
        "".join(f"{t.token_type.value}{t.contents}\0" for t in reversed(inside)).encode()
    ).hexdigest()[:16]
    name = f"{getattr(parser.origin, 'template_name', None) or ''}:{bits[1][1:-1]}"
    return KeptNode(name, source, values, nodelist)
