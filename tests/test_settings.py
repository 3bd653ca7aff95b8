"""Settings read from the environment: strict parsing, and a safe production stance."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from tracker.settings import envbool, envfloat, envint, envlist

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k3y-" + "x7Qp2Lm9" * 7,
    "ALLOWED_HOSTS": "tracker.example.org",
    "DATABASE_URL": "sqlite:////tmp/tracker-settings-test.sqlite3",
}


def run_manage(*args, **env):
    clean = {
        k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_envbool_rejects_a_malformed_value(monkeypatch):
    monkeypatch.setenv("FEATURE", "maybe")
    with pytest.raises(ImproperlyConfigured, match="FEATURE must be true or false"):
        envbool("FEATURE", False)
    monkeypatch.setenv("FEATURE", "Off")
    assert envbool("FEATURE", True) is False


def test_envint_and_envlist(monkeypatch):
    monkeypatch.setenv("SIZE", "twelve")
    with pytest.raises(ImproperlyConfigured, match="SIZE must be a whole number"):
        envint("SIZE", 1)
    monkeypatch.setenv("HOSTS", " a.org, b.org ,")
    assert envlist("HOSTS", []) == ["a.org", "b.org"]


def test_envfloat_rejects_what_is_not_a_number_of_the_least_allowed(monkeypatch):
    monkeypatch.setenv("RATE", "fast")
    with pytest.raises(ImproperlyConfigured, match="RATE must be a number, not 'fast'"):
        envfloat("RATE", 1.0)
    for bad in ("-1", "nan", "inf"):
        monkeypatch.setenv("RATE", bad)
        with pytest.raises(ImproperlyConfigured, match="RATE must be a number of at least 0"):
            envfloat("RATE", 1.0)
    monkeypatch.setenv("RATE", "0.5")
    assert envfloat("RATE", 1.0) == 0.5


def test_the_un_settings_refuse_a_malformed_value():
    result = run_manage("check", UN_REQUESTS_PER_SECOND="one")
    assert result.returncode != 0
    assert "UN_REQUESTS_PER_SECOND must be a number, not 'one'" in result.stderr
    result = run_manage("check", UN_RETRIES="-1")
    assert result.returncode != 0
    assert "UN_RETRIES must be 0 or more" in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = dict(PRODUCTION, SECRET_KEY="")
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    env = dict(PRODUCTION, ALLOWED_HOSTS="")
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set when DEBUG is off" in result.stderr


def test_production_settings_pass_the_deployment_checks():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_a_replica_takes_reads_outside_transactions_and_never_writes(db, monkeypatch):
    from django.db import connections, transaction

    from tracker.routers import PrimaryReplicaRouter

    router = PrimaryReplicaRouter()
    # The test itself runs inside a transaction: step out of it for the replica's case.
    monkeypatch.setattr(connections["default"], "in_atomic_block", False)
    assert router.db_for_read(None) == "replica"
    monkeypatch.undo()
    assert router.db_for_write(None) == "default"
    assert router.allow_migrate("replica", "resolutions") is False
    assert router.allow_migrate("default", "resolutions") is True
    with transaction.atomic():
        assert router.db_for_read(None) == "default"


def test_replica_and_redis_settings_come_from_the_environment():
    code = (
        "import tracker.settings as s; "
        "print(s.DATABASES['replica']['HOST'], s.DATABASE_ROUTERS[0], "
        "s.CACHES['default']['LOCATION'], s.SESSION_ENGINE)"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    env.update(
        DATABASE_REPLICA_URL="postgres://reader@replica.internal:5432/tracker",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "replica.internal",
        "tracker.routers.PrimaryReplicaRouter",
        "redis://127.0.0.1:6379/0",
        "django.contrib.sessions.backends.cached_db",
    ]


def test_log_level_is_read_in_any_case_and_a_wrong_one_is_refused():
    assert run_manage("check", LOG_LEVEL="warning").returncode == 0
    result = run_manage("check", LOG_LEVEL="loud")
    assert result.returncode != 0
    assert "LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL" in result.stderr
