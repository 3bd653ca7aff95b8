"""Template helpers: paragraph text with its citations as links, filter URLs, and the CSRF
token of a page that may be kept for visitors."""

from django import template
from django.http import QueryDict
from django.middleware.csrf import get_token
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from resolutions import queries

register = template.Library()


@register.filter
def with_citation_links(paragraph):
    """The paragraph's text, escaped, with each reference as written made a link to the
    cited document. Citations from footnotes are shown by the footnote markers instead.
    Reads `citation_list`, the plain list queries.whole_resolutions() prefetches."""
    text = paragraph.text
    parts, cursor = [], 0
    for start, end, citation in queries.citation_spans(paragraph):
        parts.append(escape(text[cursor:start]))
        parts.append(
            format_html(
                '<a class="cite" href="{}" title="{}">{}</a>',
                citation.document.get_absolute_url(),
                citation.document.symbol,
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


@register.simple_tag(takes_context=True)
def filtered_url(context, name, **fixed):
    """The address of a feed or calendar for the filters of the page it is on: the page's
    parameters that the feed reads (web/feeds.py), the others left out; `fixed` are the
    page's own (a session page's session), which come first."""
    from django.urls import reverse

    from resolutions.web import feeds

    params = {
        "resolution_feed": feeds.RESOLUTION_PARAMS,
        "follow_up_feed": feeds.FOLLOW_UP_EVENT_PARAMS,
        "follow_up_calendar": feeds.CALENDAR_PARAMS,
        "search_feed": feeds.SEARCH_PARAMS,
    }[name]
    query = context["request"].GET.copy()
    for key, value in fixed.items():
        query[key] = value
    kept = feeds.only_params(query, params).urlencode()
    return reverse(name) + (f"?{kept}" if kept else "")


@register.simple_tag(takes_context=True)
def csrf_input_or_hole(context):
    """The CSRF token's hidden input; on a page kept for visitors (web/visitor_cache.py),
    the hole each response fills with its visitor's own token."""
    from resolutions.web import visitor_cache

    request = context.get("request")
    if request is None:
        return ""  # a page rendered without a request (the error pages), as csrf_token does
    if getattr(request, visitor_cache.KEEPING, False):
        value = visitor_cache.hole()
    else:
        value = get_token(request)
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', value)
