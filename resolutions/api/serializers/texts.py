"""The texts in the API: resolutions (a row of the list, and the whole text with its
paragraphs as a tree), paragraphs, citations, the documents cited, and series."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from resolutions import queries
from resolutions.api.serializers.followups import FollowUpSerializer
from resolutions.api.serializers.kept import KeptRows
from resolutions.api.serializers.links import api_url
from resolutions.api.serializers.reference import (
    AgendaItemRefSerializer,
    BodySerializer,
    SessionRefSerializer,
)
from resolutions.models import (
    Citation,
    CountryVote,
    Document,
    Footnote,
    Paragraph,
    Resolution,
    Series,
    Sponsorship,
)


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
        list_serializer_class = KeptRows
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


class LegislativeMandateSerializer(serializers.Serializer):
    budget_section = serializers.CharField(
        source="budget_section.symbol", help_text='The section\'s symbol: "A/80/6 (Sect. 24)".'
    )
    section_number = serializers.IntegerField()
    section_title = serializers.CharField()
    heading = serializers.CharField(help_text='"General Assembly resolutions".')
    subprogramme = serializers.CharField(help_text='"" for the programme as a whole.')
    written = serializers.CharField(help_text='As the list writes it: "47/135".')


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
    legislative_mandates = serializers.SerializerMethodField(
        help_text="Where the programme budget cites the text as a legislative mandate."
    )

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
            "legislative_mandates",
        ]

    @extend_schema_field(LegislativeMandateSerializer(many=True))
    def get_legislative_mandates(self, resolution):
        document = getattr(resolution, "document", None)
        mandates = getattr(document, "mandate_list", [])
        return LegislativeMandateSerializer(mandates, many=True, context=self.context).data

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
