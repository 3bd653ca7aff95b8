"""Follow-up requests and their events in the API, and the one thing it accepts: an event
recorded by a staff member."""

from rest_framework import serializers
from rest_framework.fields import empty

from resolutions import access
from resolutions.api.serializers.links import api_url
from resolutions.api.serializers.reference import SessionRefSerializer
from resolutions.models import AddresseeEntity, FollowUp, FollowUpEvent, FollowUpStatus
from resolutions.parsing.symbols import symbol_from_input


class EventSerializer(serializers.ModelSerializer):
    recorded_by = serializers.SerializerMethodField(
        help_text="The staff member who recorded the event, for staff; for anyone else, "
        "the organisation (the TRACKER_ORGANISATION setting)."
    )
    evidence = serializers.CharField(source="evidence.symbol", allow_null=True, default=None)

    class Meta:
        model = FollowUpEvent
        fields = [
            "id",
            "created_at",
            "recorded_by",
            "old_status",
            "new_status",
            "note",
            "is_public",
            "evidence",
        ]

    def get_recorded_by(self, event) -> str:
        request = self.context.get("request")
        return access.recorded_by(event, request.user if request else None)


class EntitySerializer(serializers.ModelSerializer):
    """Who a request is addressed to; `url` is the entity's page on the site."""

    url = serializers.CharField(source="get_absolute_url")

    class Meta:
        model = AddresseeEntity
        fields = ["name", "slug", "kind", "url"]


class FollowUpSerializer(serializers.ModelSerializer):
    """A follow-up request with its public history; who it is assigned to stays inside."""

    resolution = serializers.CharField(source="resolution.symbol")
    paragraph = serializers.CharField(source="paragraph.label")
    paragraph_url = serializers.CharField()
    due_session = SessionRefSerializer(allow_null=True)
    fulfilled_by = serializers.CharField(
        source="fulfilled_by.symbol", allow_null=True, default=None
    )
    entities = EntitySerializer(many=True)
    events = EventSerializer(source="public_events", many=True)
    url = serializers.CharField(source="get_absolute_url")
    api_url = serializers.SerializerMethodField()

    class Meta:
        model = FollowUp
        fields = [
            "id",
            "resolution",
            "paragraph",
            "paragraph_url",
            "sequence",
            "action",
            "verb",
            "addressee",
            "addressee_kind",
            "entities",
            "summary",
            "deliverable",
            "recurrence",
            "due_relation",
            "due_session",
            "due_year",
            "due_date",
            "due_term",
            "due_next_session",
            "due_on",
            "status",
            "fulfilled_by",
            "events",
            "url",
            "api_url",
        ]

    def get_api_url(self, follow_up) -> str:
        return api_url("follow-up-detail", follow_up.pk)


VISIBILITY_REQUIRED = (
    "Say who may read this event: is_public true (everyone) or false (staff only)."
)


class ExplicitBooleanField(serializers.BooleanField):
    """A yes or no that must be given. DRF reads a boolean missing from form data as
    false, as an unticked checkbox; here a missing answer is refused, not guessed."""

    default_empty_html = empty


class FollowUpEventInputSerializer(serializers.Serializer):
    """What a staff member records: as the follow-up page's form asks it."""

    new_status = serializers.ChoiceField(choices=FollowUpStatus.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")
    is_public = ExplicitBooleanField(
        help_text="Required: true shows the note and evidence to everyone, false keeps them "
        "for staff only.",
        error_messages={
            "required": VISIBILITY_REQUIRED,
            "null": VISIBILITY_REQUIRED,
            "invalid": VISIBILITY_REQUIRED,
        },
    )
    evidence_symbol = serializers.CharField(
        required=False, allow_blank=True, max_length=100, default=""
    )

    def validate_evidence_symbol(self, value: str) -> str:
        if not value.strip():
            return ""
        symbol = symbol_from_input(value)
        if symbol is None:
            raise serializers.ValidationError(
                "This is not a UN document symbol (for example A/HRC/31/81 or A/RES/70/1)."
            )
        return symbol
