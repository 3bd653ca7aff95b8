"""A staff member's reminder settings, and the one-click unsubscribe link every reminder
carries (followups/reminders.py sends them)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from resolutions.access import can_record
from resolutions.followups import reminders
from resolutions.models import ReminderFrequency, ReminderSettings, Watch
from resolutions.models.reminders import WATCH_TARGETS
from resolutions.web.pages import row_id


class ReminderSettingsForm(forms.ModelForm):
    class Meta:
        model = ReminderSettings
        fields = [
            "frequency",
            "about_due",
            "about_assigned",
            "about_watched",
            "days_before",
            "language",
        ]
        widgets = {"frequency": forms.RadioSelect}

    def __init__(self, *args, staff: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not staff:  # no request is assigned to them: they hear of what they watch
            for name in ("about_due", "about_assigned"):
                del self.fields[name]

    def news_choices(self):
        """The checkboxes of what to hear about."""
        return [self[name] for name in self.fields if name.startswith("about_")]


@require_http_methods(["GET", "POST"])
@login_required
def reminder_settings(request):
    chosen = reminders.settings_of(request.user)
    receives = can_record(request.user)
    form = ReminderSettingsForm(request.POST or None, instance=chosen, staff=receives)
    if request.method == "POST" and form.is_valid():
        chosen = form.save(commit=False)
        chosen.updated_at = timezone.now()
        chosen.save()
        messages.success(request, _("Your reminder settings are saved."))
        return redirect("reminder_settings")
    context = {
        "form": form,
        "receives": receives,
        "digests": request.user.reminder_digests.all()[:10],
        "watches": request.user.watches.select_related(
            "series", "agenda_item__body", "resolution", "entity", "saved_search"
        ),
    }
    status = 400 if form.errors else 200
    return render(request, "resolutions/reminder_settings.html", context, status=status)


# The link in the e-mail is the credential: a mail program's one-click unsubscribe (RFC
# 8058) posts to it without a CSRF token, and all it can do is turn reminders off.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe_reminders(request, token):
    user = reminders.user_of_token(token)
    if user is None:
        raise Http404(
            _("This unsubscribe link is not valid. Choose your reminders on your settings page.")
        )
    if request.method == "POST":
        chosen = reminders.settings_of(user)
        chosen.frequency = ReminderFrequency.NEVER
        chosen.updated_at = timezone.now()
        chosen.save()
        return render(request, "resolutions/unsubscribed.html", {"subscriber": user})
    return render(request, "resolutions/unsubscribe.html", {"subscriber": user, "token": token})


@require_POST
@login_required
def watch(request):
    """Watch a series, an agenda item, a resolution, an entity or one of one's saved
    searches, or stop watching it: anyone with an account, for themselves; its news comes
    in their reminders (followups/watching.py)."""
    kind = next((name for name in WATCH_TARGETS if request.POST.get(name)), None)
    pk = row_id(request.POST.get(kind, "")) if kind else None
    if pk is None:
        raise Http404(_("Nothing to watch was named."))
    found = Watch._meta.get_field(kind).related_model.objects.all()
    if kind == "saved_search":  # one's own only
        found = found.filter(user=request.user)
    target = get_object_or_404(found, pk=pk)
    if request.POST.get("action") == "unwatch":
        Watch.objects.filter(user=request.user, **{kind: target}).delete()
        messages.success(request, _("You no longer watch %(target)s.") % {"target": target})
    else:
        Watch.objects.get_or_create(user=request.user, **{kind: target})
        messages.success(
            request,
            _(
                "You watch %(target)s: its new texts, status changes and proposals will "
                "come in your reminders."
            )
            % {"target": target},
        )
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = "reminder_settings"
    return redirect(back)
