"""/healthz: whether the tracker can answer, for a load balancer or an uptime monitor."""

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


def pending_migrations() -> list[str]:
    """The migrations the code has that the database has not applied, in the order they
    would run. A database behind its code answers the trivial query but fails the pages
    that read a new column or table."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


@never_cache
@require_safe
def healthz(request):
    """200 when the database answers and holds every migration of the code; 503 naming the
    database error, or the migrations not applied.

    It reads no session and no user: a probe costs a trivial query and the read of the
    applied migrations."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        pending = pending_migrations()
    except DatabaseError as error:
        return JsonResponse({"status": "unavailable", "database": type(error).__name__}, status=503)
    if pending:
        return JsonResponse(
            {
                "status": "unavailable",
                "database": "ok",
                "migrations": "pending",
                "reason": f"{len(pending)} migration(s) not applied: run manage.py migrate",
                "pending": pending,
            },
            status=503,
        )
    return JsonResponse({"status": "ok", "database": "ok", "migrations": "ok"})
