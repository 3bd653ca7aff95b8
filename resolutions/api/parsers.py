"""How the API reads a request body: JSON whose strings are text."""

import json

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class TextJSONParser(JSONParser):
    """JSON, refused with a 400 when a string holds a lone surrogate ("\\ud800"). JSON can
    escape one, but it is no character: the database cannot store it as UTF-8, and an error
    message that quotes it back (not a valid choice) could not be written either (a 500)."""

    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        try:
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            raise ParseError(
                _("The JSON holds a lone surrogate (\\ud800 to \\udfff), which is not text.")
            ) from None
        return data
