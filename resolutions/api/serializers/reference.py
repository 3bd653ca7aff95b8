"""The reference data in the API: bodies, sessions and agenda items, each listed and
named inside other rows."""

from rest_framework import serializers

from resolutions.api.serializers.links import api_url
from resolutions.domain import agenda_item_code, session_filter_code
from resolutions.models import AgendaItem, Session


class BodySerializer(serializers.Serializer):
    short_name = serializers.CharField()
    name = serializers.CharField()


class SessionSerializer(serializers.ModelSerializer):
    body = serializers.CharField(source="body.short_name")
    code = serializers.CharField(help_text='As written in symbols: "32", "S-1", "ES-10".')
    filter_code = serializers.SerializerMethodField(
        help_text='The value of the `session` filter: "HRC-32".'
    )
    label = serializers.CharField()
    resolution_count = serializers.IntegerField(read_only=True)
    url = serializers.CharField(source="get_absolute_url")
    api_url = serializers.SerializerMethodField()
    resolutions_api_url = serializers.SerializerMethodField()

    class Meta:
        model = Session
        fields = [
            "body",
            "kind",
            "number",
            "code",
            "filter_code",
            "label",
            "year",
            "start_date",
            "end_date",
            "resolution_count",
            "url",
            "api_url",
            "resolutions_api_url",
        ]

    def get_filter_code(self, session) -> str:
        return session_filter_code(session.body.short_name, session.kind, session.number)

    def get_api_url(self, session) -> str:
        return api_url("session-detail", session.body.short_name, session.code)

    def get_resolutions_api_url(self, session) -> str:
        return f"{api_url('resolution-list')}?session={self.get_filter_code(session)}"


class SessionRefSerializer(serializers.Serializer):
    """A session named inside another row."""

    code = serializers.CharField()
    label = serializers.CharField()
    api_url = serializers.SerializerMethodField()

    def get_api_url(self, session) -> str:
        return api_url("session-detail", session.body.short_name, session.code)


class AgendaItemSerializer(serializers.ModelSerializer):
    body = serializers.CharField(source="body.short_name")
    filter_code = serializers.SerializerMethodField(
        help_text='The value of the `agenda_item` filter: "HRC-3".'
    )
    resolution_count = serializers.IntegerField(read_only=True)
    url = serializers.CharField(source="get_absolute_url")
    api_url = serializers.SerializerMethodField()
    resolutions_api_url = serializers.SerializerMethodField()

    class Meta:
        model = AgendaItem
        fields = [
            "body",
            "number",
            "title",
            "filter_code",
            "resolution_count",
            "url",
            "api_url",
            "resolutions_api_url",
        ]

    def get_filter_code(self, item) -> str:
        return agenda_item_code(item.body.short_name, item.number)

    def get_api_url(self, item) -> str:
        return api_url("agenda-item-detail", item.body.short_name, item.number)

    def get_resolutions_api_url(self, item) -> str:
        return f"{api_url('resolution-list')}?agenda_item={self.get_filter_code(item)}"


class AgendaItemRefSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    title = serializers.CharField()
    api_url = serializers.SerializerMethodField()

    def get_api_url(self, item) -> str:
        return api_url("agenda-item-detail", item.body.short_name, item.number)
