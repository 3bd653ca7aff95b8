"""Reads from a PostgreSQL replica, writes to the primary, when DATABASE_REPLICA_URL is set.

Reads inside a transaction on the primary stay on the primary: the services that change
data read what they are about to change there, under their locks, never from a replica
that may lag behind.
"""

from django.db import connections


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        return "default" if connections["default"].in_atomic_block else "replica"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, copied

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
