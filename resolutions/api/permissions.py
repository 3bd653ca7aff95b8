"""Who may write through the API: only staff who may record follow-up, and only events."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from resolutions.access import can_record


class RecordsFollowUpOrReadOnly(BasePermission):
    """Anyone reads; a write needs the permission the follow-up pages ask for. The service
    checks it again, so this only decides between 401/403 and doing the work."""

    message = "You may not record follow-up."

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS or can_record(request.user)
