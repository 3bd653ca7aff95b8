"""The API's list rows kept for what they show, as the site's list rows are
(web/fragments.py): a row read with the same values is serialized once."""

from django.db.models.manager import BaseManager
from django.utils import translation
from rest_framework import serializers

from resolutions.web import fragments


class KeptRows(serializers.ListSerializer):
    """A list serializer whose rows are each kept under a digest of the instance (every
    field read, the rows selected and prefetched with it), the language and the code."""

    def to_representation(self, data):
        rows = data.all() if isinstance(data, BaseManager) else data
        name = f"api:{type(self.child).__qualname__}"
        language = translation.get_language()
        return [
            fragments.kept_data(
                name, {"row": row}, language, lambda row=row: self.child.to_representation(row)
            )
            for row in rows
        ]
