"""A resolution's text history for staff: every import of it, the texts each replaced,
and the action that restores one of them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from resolutions import parsing
from resolutions.access import RESTORE_PERMISSION, can_restore
from resolutions.importing.texts import ImportRefused, describe_error, restore_version
from resolutions.models import Resolution, ResolutionVersion, TextImport
from resolutions.web.pages import row_id


@require_safe
@login_required
def resolution_history(request, symbol):
    # Staff only, refused outright as the audit page is.
    if not request.user.is_staff:
        raise PermissionDenied(_("The history of a resolution's text is for staff."))
    resolution = get_object_or_404(
        Resolution.objects.only("id", "symbol", "number", "title"), symbol=symbol
    )
    imports = (
        TextImport.objects.filter(resolution=resolution)
        .select_related("user", "replaced_version", "restored__replaced_by")
        # The page names the versions; their texts are read only to restore one.
        .defer(
            "replaced_version__source_text",
            "replaced_version__paragraphs",
            "restored__source_text",
            "restored__paragraphs",
        )
        .order_by("-created_at", "-id")
    )
    return render(
        request,
        "resolutions/resolution_history.html",
        {"resolution": resolution, "imports": imports, "can_restore": can_restore(request.user)},
    )


@require_POST
@login_required
@permission_required(RESTORE_PERMISSION, raise_exception=True)
def restore(request, symbol):
    resolution = get_object_or_404(Resolution.objects.only("id", "symbol"), symbol=symbol)
    version_id = row_id(request.POST.get("version", ""))
    if version_id is None:
        raise Http404(_("No such version."))
    version = get_object_or_404(
        ResolutionVersion.objects.select_related("resolution", "replaced_by"),
        pk=version_id,
        resolution=resolution,
    )
    if request.POST.get("confirm") != "on":
        messages.error(request, _("Tick the confirmation to restore a previous text."))
        return redirect("resolution_history", symbol=resolution.symbol)
    try:
        restore_version(version, user=request.user)
    except (parsing.ParseError, ImportRefused) as error:
        messages.error(
            request,
            _("The previous text could not be restored: %(reason)s")
            % {"reason": describe_error(error)},
        )
    else:
        messages.success(
            request,
            _("%(symbol)s: the text replaced on %(date)s is restored.")
            % {
                "symbol": resolution.symbol,
                "date": formats.date_format(version.created_at, "DATETIME_FORMAT"),
            },
        )
    return redirect("resolution_history", symbol=resolution.symbol)
