"""The admin: everything is managed here, with paragraphs and follow-ups inline under
their resolution. Follow-up status is read-only: it changes through recorded events.
An API token's key is shown once, to the administrator who creates it."""

from django.contrib import admin, messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework.authtoken import admin as token_admin
from rest_framework.authtoken.models import TokenProxy

from resolutions.access import masked_key
from resolutions.models import (
    AgendaItem,
    Body,
    Citation,
    Document,
    FollowUp,
    FollowUpEvent,
    Footnote,
    Paragraph,
    Resolution,
    Session,
)


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "symbol_prefix"]
    search_fields = ["name", "short_name"]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "body", "kind", "number", "start_date", "end_date", "year"]
    list_filter = ["body", "kind", "year"]
    search_fields = ["number"]


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):
    list_display = ["body", "number", "title"]
    list_filter = ["body"]
    search_fields = ["title"]


class ParagraphInline(admin.StackedInline):
    model = Paragraph
    extra = 0
    fields = [("label", "kind", "position", "number", "lead"), "text"]
    show_change_link = True


class FollowUpInline(admin.StackedInline):
    model = FollowUp
    fk_name = "resolution"
    extra = 0
    fields = [
        ("paragraph", "sequence", "action", "status"),
        ("addressee", "addressee_kind"),
        "summary",
        ("due_session", "due_year", "due_date", "fulfilled_by"),
    ]
    readonly_fields = ["status"]
    autocomplete_fields = ["due_session", "fulfilled_by"]
    show_change_link = True

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # A follow-up belongs to a paragraph of the resolution being edited, not of any other.
        if db_field.name == "paragraph":
            resolution_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Paragraph.objects.filter(resolution_id=resolution_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Resolution)
class ResolutionAdmin(admin.ModelAdmin):
    list_display = ["symbol", "title", "body", "session", "adopted_on", "adoption_mode"]
    # A session is named with its body's short name: one query per row without this.
    list_select_related = ["body", "session__body"]
    list_filter = [
        "body",
        "adoption_mode",
        "agenda_items",
        ("adopted_on", admin.DateFieldListFilter),
    ]
    search_fields = ["symbol", "title", "paragraphs__text"]
    date_hierarchy = "adopted_on"
    autocomplete_fields = ["session"]
    filter_horizontal = ["agenda_items"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [ParagraphInline, FollowUpInline]
    fieldsets = [
        (None, {"fields": ["symbol", "number", "title", "body", "session", "agenda_items"]}),
        (
            _("Adoption"),
            {
                "fields": [
                    ("adopted_on", "distributed_on", "meeting"),
                    "adoption_mode",
                    ("votes_in_favour", "votes_against", "votes_abstaining"),
                    "draft_symbol",
                ]
            },
        ),
        (
            _("Source"),
            {"fields": ["source_text", "created_at", "updated_at"], "classes": ["collapse"]},
        ),
    ]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.resolver_match and request.resolver_match.url_name.endswith("_changelist"):
            # The list shows none of a text's words: a page of 100 would read them all.
            queryset = queryset.defer("source_text", "annex")
        return queryset


class CitationInline(admin.TabularInline):
    model = Citation
    extra = 0
    autocomplete_fields = ["document"]


@admin.register(Paragraph)
class ParagraphAdmin(admin.ModelAdmin):
    list_display = ["__str__", "resolution", "kind", "lead"]
    list_filter = ["kind", "resolution__body"]
    search_fields = ["resolution__symbol", "label", "text"]
    list_select_related = ["resolution"]
    raw_id_fields = ["resolution"]
    inlines = [CitationInline]


@admin.register(Footnote)
class FootnoteAdmin(admin.ModelAdmin):
    list_display = ["__str__", "paragraph", "text"]
    search_fields = ["resolution__symbol", "text"]
    list_select_related = ["resolution", "paragraph"]
    raw_id_fields = ["resolution", "paragraph"]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["symbol", "kind", "title", "resolution"]
    list_filter = ["kind"]
    search_fields = ["symbol", "title"]
    readonly_fields = ["kind"]
    raw_id_fields = ["resolution"]


class FollowUpEventInline(admin.TabularInline):
    """The history is shown, never edited: it is the audit trail."""

    model = FollowUpEvent
    extra = 0
    fields = [
        "created_at",
        "user_name",
        "old_status",
        "new_status",
        "is_public",
        "note",
        "evidence",
    ]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = ["__str__", "action", "addressee_kind", "status", "due_on"]
    list_filter = ["status", "action", "addressee_kind", "resolution__body"]
    search_fields = ["resolution__symbol", "addressee", "summary"]
    list_select_related = ["resolution", "paragraph"]
    raw_id_fields = ["paragraph"]
    autocomplete_fields = ["due_session", "fulfilled_by"]
    readonly_fields = ["status", "due_on", "superseded_at", "recorded_label", "recorded_text"]
    inlines = [FollowUpEventInline]

    def get_queryset(self, request):
        # Superseded requests too: the admin manages every record, not only current ones.
        return FollowUp.all_objects.all()


@admin.register(FollowUpEvent)
class FollowUpEventAdmin(admin.ModelAdmin):
    list_display = ["follow_up", "created_at", "user_name", "old_status", "new_status", "is_public"]
    list_filter = ["new_status", "is_public"]
    search_fields = ["follow_up__resolution__symbol", "note", "user_name"]
    list_select_related = ["follow_up__resolution", "follow_up__paragraph"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# DRF's own admin lists every key in full, to every staff member who may view tokens.
admin.site.unregister(TokenProxy)


@admin.register(TokenProxy)
class TokenAdmin(token_admin.TokenAdmin):
    list_display = ["masked_key", "user", "created"]

    @admin.display(description=_("Key"))
    def masked_key(self, token):
        return masked_key(token.key)

    def response_add(self, request, obj, post_url_continue=None):
        # The one moment the key is shown: to the administrator who made it, to pass on.
        messages.warning(
            request,
            gettext(
                "The new token for %(user)s is %(key)s. Copy it now: it will not be shown again."
            )
            % {"user": obj.user, "key": obj.key},
        )
        return super().response_add(request, obj, post_url_continue)
