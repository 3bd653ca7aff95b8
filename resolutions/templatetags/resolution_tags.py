"""Template helpers: paragraph text with its citations as links, and filter URLs."""

from django import template
from django.http import QueryDict
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def with_citation_links(paragraph):
    """The paragraph's text, escaped, with each reference as written made a link to the
    cited document. Citations from footnotes are shown by the footnote markers instead.
    Reads `citation_list`, the plain list Resolution.objects.for_detail() prefetches."""
    text = paragraph.text
    spans = []  # (start, end, document), never overlapping
    for citation in paragraph.citation_list:
        if citation.via != "text" or not citation.as_written:
            continue
        start = text.find(citation.as_written)
        while start != -1 and any(
            s < start + len(citation.as_written) and start < e for s, e, _ in spans
        ):
            start = text.find(citation.as_written, start + 1)
        if start != -1:
            spans.append((start, start + len(citation.as_written), citation.document))
    parts, cursor = [], 0
    for start, end, document in sorted(spans, key=lambda span: span[0]):
        parts.append(escape(text[cursor:start]))
        parts.append(
            format_html(
                '<a class="cite" href="{}" title="{}">{}</a>',
                document.get_absolute_url(),
                document.symbol,
                text[start:end],
            )
        )
        cursor = end
    parts.append(escape(text[cursor:]))
    return mark_safe("".join(parts))  # every part is escaped or built by format_html


@register.simple_tag
def query_with(query: str, name: str, value: str = "") -> str:
    """The current query string with one filter set (or removed when value is empty);
    any page number is dropped since the result set changes."""
    params = QueryDict(query, mutable=True)
    params.pop("page", None)
    if value:
        params[name] = value
    else:
        params.pop(name, None)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def overdue_on(follow_up, today):
    return follow_up.is_overdue(today)
