"""Values longer than their column holds: stored cut to the field's `max_length`, with a
warning for the import's report that names the field and where the value stood."""

from django.utils.translation import gettext


def fitted(value: str, model, field_name: str, where: str, warnings: list[str]) -> str:
    """`value` as the field `field_name` of `model` can hold it; when it is cut, a warning
    naming `where` it stood (a paragraph's label, a catalogue record) joins `warnings`."""
    field = model._meta.get_field(field_name)
    limit = field.max_length
    if value is None or len(value) <= limit:
        return value
    warnings.append(
        gettext(
            "%(where)s: “%(field)s” is %(length)d characters long, more than the %(limit)d "
            "its field holds; the rest was left out."
        )
        % {"where": where, "field": field.verbose_name, "length": len(value), "limit": limit}
    )
    return value[:limit]
