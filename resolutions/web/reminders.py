"""A staff member's reminder settings, and the one-click unsubscribe link every reminder
carries (followups/reminders.py sends them)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from resolutions.access import can_record
from resolutions.followups import reminders
from resolutions.models import ReminderFrequency, ReminderSettings


class ReminderSettingsForm(forms.ModelForm):
    class Meta:
        model = ReminderSettings
        fields = ["frequency", "days_before", "language"]
        widgets = {"frequency": forms.RadioSelect}


@require_http_methods(["GET", "POST"])
@login_required
def reminder_settings(request):
    chosen = reminders.settings_of(request.user)
    form = ReminderSettingsForm(request.POST or None, instance=chosen)
    if request.method == "POST" and form.is_valid():
        chosen = form.save(commit=False)
        chosen.updated_at = timezone.now()
        chosen.save()
        messages.success(request, _("Your reminder settings are saved."))
        return redirect("reminder_settings")
    context = {
        "form": form,
        "receives": can_record(request.user),
        "digests": request.user.reminder_digests.all()[:10],
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
