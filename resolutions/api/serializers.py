"""How the API writes the tracker's rows as JSON, and reads the one thing it accepts:
a follow-up event.

Serializers here read only what the views' querysets have already fetched, so that an
endpoint's query count does not grow with its rows. Follow-up events are read from
`public_events`, an attribute only a prefetch of public events sets: a serializer used
without it fails loudly instead of showing internal notes.
"""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import empty

from resolutions import access, queries
from resolutions.models import (
    AgendaItem,
    Citation,
    CountryVote,
    Document,
    FollowUp,
    FollowUpEvent,
    FollowUpStatus,
    Footnote,
    Paragraph,
    Resolution,
    Series,
    Session,
    Sponsorship,
)
from resolutions.parsing.symbols import symbol_from_input
from resolutions.web.filters import agenda_item_code, session_code


def api_url(name: str, *args) -> str:
    return reverse(f"api:{name}", args=args)


@extend_schema_field(
    {
        "type": "object",
        "properties": {
            name: {"type": "integer", "nullable": True}
            for name in ("in_favour", "against", "abstaining", "not_voting")
        },
    }
)
class VotesField(serializers.Field):
    """The tally of a recorded vote; all null for a text adopted without one."""

    def to_representation(self, resolution):
        return {
            "in_favour": resolution.votes_in_favour,
            "against": resolution.votes_against,
            "abstaining": resolution.votes_abstaining,
            "not_voting": resolution.votes_not_voting,
        }


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
        return session_code(session.body.short_name, session.kind, session.number)

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


class ResolutionSerializer(serializers.ModelSerializer):
    """A row of the resolution list."""

    body = serializers.CharField(source="body.short_name")
    session = SessionRefSerializer(allow_null=True)
    agenda_items = AgendaItemRefSerializer(many=True)
    votes = VotesField(source="*")
    open_follow_up_count = serializers.IntegerField(read_only=True)
    url = serializers.CharField(source="get_absolute_url", help_text="Its page on the site.")
    api_url = serializers.SerializerMethodField()

    class Meta:
        model = Resolution
        fields = [
            "symbol",
            "kind",
            "number",
            "title",
            "body",
            "session",
            "agenda_items",
            "adopted_on",
            "adoption_mode",
            "votes",
            "outcome",
            "open_follow_up_count",
            "url",
            "api_url",
        ]

    def get_api_url(self, resolution) -> str:
        return api_url("resolution-detail", resolution.symbol)


class ResolutionRefSerializer(serializers.Serializer):
    """A resolution named inside another row, with how it was adopted."""

    symbol = serializers.CharField()
    title = serializers.CharField()
    adopted_on = serializers.DateField(allow_null=True)
    adoption_mode = serializers.CharField()
    votes = VotesField(source="*")
    url = serializers.CharField(source="get_absolute_url")
    api_url = serializers.SerializerMethodField()

    def get_api_url(self, resolution) -> str:
        return api_url("resolution-detail", resolution.symbol)


class CitationInParagraphSerializer(serializers.ModelSerializer):
    document = serializers.CharField(source="document.symbol")
    document_api_url = serializers.SerializerMethodField()

    class Meta:
        model = Citation
        fields = ["document", "via", "footnote_number", "as_written", "document_api_url"]

    def get_document_api_url(self, citation) -> str:
        return api_url("document-detail", citation.document.symbol)


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


class FollowUpSerializer(serializers.ModelSerializer):
    """A follow-up request with its public history; who it is assigned to stays inside."""

    resolution = serializers.CharField(source="resolution.symbol")
    paragraph = serializers.CharField(source="paragraph.label")
    paragraph_url = serializers.CharField()
    due_session = SessionRefSerializer(allow_null=True)
    fulfilled_by = serializers.CharField(
        source="fulfilled_by.symbol", allow_null=True, default=None
    )
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
            "summary",
            "deliverable",
            "recurrence",
            "due_relation",
            "due_session",
            "due_year",
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


class FootnoteSerializer(serializers.ModelSerializer):
    paragraph = serializers.CharField(source="paragraph.label", allow_null=True, default=None)

    class Meta:
        model = Footnote
        fields = ["number", "paragraph", "text"]


class SponsorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Sponsorship
        fields = ["name", "kind", "on_behalf_of", "position"]


class CountryVoteSerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country.name")

    class Meta:
        model = CountryVote
        fields = ["country", "position"]


class ResolutionParagraphSerializer(serializers.ModelSerializer):
    """A paragraph inside its resolution, with its sub-paragraphs nested under it."""

    # Reads a paragraph of queries.paragraph_tree() (the docstring is the schema's text).

    url = serializers.CharField(source="get_absolute_url")
    citations = CitationInParagraphSerializer(source="citation_list", many=True)
    subparagraphs = serializers.SerializerMethodField()

    class Meta:
        model = Paragraph
        fields = [
            "id",
            "label",
            "kind",
            "number",
            "lead",
            "text",
            "url",
            "citations",
            "subparagraphs",
        ]

    @extend_schema_field(
        {"type": "array", "items": {"$ref": "#/components/schemas/ResolutionParagraph"}}
    )
    def get_subparagraphs(self, paragraph):
        return ResolutionParagraphSerializer(
            paragraph.subparagraph_list, many=True, context=self.context
        ).data


class SeriesRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    symbols = serializers.SerializerMethodField(help_text="Its texts in order of adoption.")
    api_url = serializers.SerializerMethodField()

    def get_symbols(self, series) -> list[str]:
        return [resolution.symbol for resolution in series.resolutions.all()]

    def get_api_url(self, series) -> str:
        return api_url("series-detail", series.pk)


class ResolutionDetailSerializer(ResolutionSerializer):
    """A resolution whole: its paragraphs as a tree, and all that hangs from them."""

    # Reads a resolution of queries.resolutions_for_api() (the docstring is the schema's text).

    body = BodySerializer()
    paragraphs = serializers.SerializerMethodField()
    cited_documents = serializers.SerializerMethodField(
        help_text="The symbols the text cites, in order of first citation."
    )
    footnotes = FootnoteSerializer(many=True)
    sponsors = SponsorSerializer(many=True)
    country_votes = CountryVoteSerializer(many=True)
    series = SeriesRefSerializer(allow_null=True)
    predecessors = serializers.SlugRelatedField(slug_field="symbol", many=True, read_only=True)
    follow_ups = FollowUpSerializer(source="follow_up_list", many=True)

    class Meta(ResolutionSerializer.Meta):
        fields = [
            *(f for f in ResolutionSerializer.Meta.fields if f != "open_follow_up_count"),
            "distributed_on",
            "meeting",
            "draft_symbol",
            "draft_amended",
            "committee",
            "committee_report",
            "subject",
            "annex",
            "paragraphs",
            "cited_documents",
            "footnotes",
            "sponsors",
            "country_votes",
            "series",
            "predecessors",
            "follow_ups",
        ]

    @extend_schema_field(ResolutionParagraphSerializer(many=True))
    def get_paragraphs(self, resolution):
        top_level = queries.paragraph_tree(resolution).top_level
        return ResolutionParagraphSerializer(top_level, many=True, context=self.context).data

    def get_cited_documents(self, resolution) -> list[str]:
        return [document.symbol for document in queries.cited_documents(resolution)]


class ParagraphSerializer(serializers.ModelSerializer):
    """A paragraph on its own, with where it stands in its resolution."""

    resolution = serializers.CharField(source="resolution.symbol")
    parent = serializers.CharField(source="parent.label", allow_null=True, default=None)
    url = serializers.CharField(source="get_absolute_url")
    citations = CitationInParagraphSerializer(many=True)
    api_url = serializers.SerializerMethodField()

    class Meta:
        model = Paragraph
        fields = [
            "id",
            "resolution",
            "label",
            "parent",
            "kind",
            "position",
            "number",
            "lead",
            "text",
            "citations",
            "url",
            "api_url",
        ]

    def get_api_url(self, paragraph) -> str:
        return api_url("paragraph-detail", paragraph.pk)


class CitationSerializer(serializers.ModelSerializer):
    resolution = serializers.CharField(source="paragraph.resolution.symbol")
    paragraph = serializers.CharField(source="paragraph.label")
    paragraph_url = serializers.CharField(source="paragraph.get_absolute_url")
    document = serializers.CharField(source="document.symbol")
    document_api_url = serializers.SerializerMethodField()

    class Meta:
        model = Citation
        fields = [
            "id",
            "resolution",
            "paragraph",
            "paragraph_url",
            "document",
            "via",
            "footnote_number",
            "as_written",
            "document_api_url",
        ]

    def get_document_api_url(self, citation) -> str:
        return api_url("document-detail", citation.document.symbol)


class DocumentSerializer(serializers.ModelSerializer):
    resolution = serializers.CharField(source="resolution.symbol", allow_null=True, default=None)
    citing_paragraph_count = serializers.IntegerField(read_only=True)
    official_url = serializers.CharField()
    url = serializers.CharField(source="get_absolute_url")
    api_url = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "symbol",
            "title",
            "kind",
            "resolution",
            "citing_paragraph_count",
            "official_url",
            "url",
            "api_url",
        ]

    def get_api_url(self, document) -> str:
        return api_url("document-detail", document.symbol)


class CitingParagraphSerializer(serializers.ModelSerializer):
    resolution = serializers.CharField(source="paragraph.resolution.symbol")
    paragraph = serializers.CharField(source="paragraph.label")
    paragraph_url = serializers.CharField(source="paragraph.get_absolute_url")

    class Meta:
        model = Citation
        fields = ["resolution", "paragraph", "paragraph_url", "via", "footnote_number"]


class DocumentDetailSerializer(DocumentSerializer):
    citing_paragraphs = CitingParagraphSerializer(source="citations", many=True)

    class Meta(DocumentSerializer.Meta):
        fields = [*DocumentSerializer.Meta.fields, "citing_paragraphs"]


class SeriesSerializer(serializers.ModelSerializer):
    resolutions = ResolutionRefSerializer(many=True, help_text="In order of adoption.")
    api_url = serializers.SerializerMethodField()

    class Meta:
        model = Series
        fields = ["id", "title", "resolutions", "api_url"]

    def get_api_url(self, series) -> str:
        return api_url("series-detail", series.pk)
