"""Throttling behind a reverse proxy: log-in lockouts that a guesser cannot turn against
the real user, and per-client limits on the heavy public endpoints.

The proxy is simulated as the deployment has it: every request reaches the application
from the proxy's address (REMOTE_ADDR), and the proxy appends the address it received the
request from to X-Forwarded-For.
"""

from types import SimpleNamespace

import pytest
from django.test import Client, RequestFactory

from resolutions.web.throttling import client_address
from tests.test_settings import run_manage

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"
ADMIN_DESK = "198.51.100.7"
ATTACKER = "203.0.113.66"
PASSWORD = "a-long-test-password"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The lockout tests check dozens of passwords; the production hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}


@pytest.fixture
def frozen_limiter_clock(monkeypatch):
    """django-ratelimit counts in fixed windows of the clock: frozen, a test's requests
    all fall in one window."""
    monkeypatch.setattr("django_ratelimit.core.time", SimpleNamespace(time=lambda: 1_800_000_000))


def via_proxy(client_ip: str, forwarded: str | None = None) -> Client:
    """A client whose requests come through the proxy; `forwarded` is what the client
    itself put in X-Forwarded-For (the proxy appends the client's address to it)."""
    chain = f"{forwarded}, {client_ip}" if forwarded else client_ip
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=chain)


def read(response):
    """The response, its streamed body read to the end: a stream left unread would hold
    its database cursor open until the garbage collector closes it, at any moment."""
    if response.streaming:
        b"".join(response.streaming_content)
    return response


def log_in(client, username, password, url="/accounts/login/"):
    return client.post(url, {"username": username, "password": password})


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


# Who the client is


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "192.0.2.1", PROXY),
        (1, f"192.0.2.1, {ADMIN_DESK}", ADMIN_DESK),
        (2, f"192.0.2.1, {ADMIN_DESK}, 10.0.0.9", ADMIN_DESK),
        (1, "not-an-address", PROXY),
        (1, "", PROXY),
    ],
)
def test_the_client_is_read_from_the_header_only_as_far_as_proxies_are_trusted(
    settings, proxies, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


# Log-in lockouts


def test_failures_from_elsewhere_do_not_lock_the_administrator_out(behind_one_proxy, administrator):
    attacker = via_proxy(ATTACKER)
    for _ in range(8):
        assert log_in(attacker, "root-admin", "guess").status_code in (200, 403, 429)
    # The attacker is locked out, even with the right password...
    assert log_in(attacker, "root-admin", PASSWORD).status_code in (403, 429)
    assert not is_logged_in(attacker)
    # ...and the administrator, at their own desk, logs in to the site and to the admin.
    desk = via_proxy(ADMIN_DESK)
    assert log_in(desk, "root-admin", PASSWORD).status_code == 302
    assert is_logged_in(desk)
    admin_desk = via_proxy(ADMIN_DESK)
    assert log_in(admin_desk, "root-admin", PASSWORD, url="/admin/login/").status_code == 302


def test_a_client_spraying_passwords_over_many_accounts_is_locked_out(
    behind_one_proxy, settings, recorder
):
    settings.LOGIN_FAILURES_PER_ADDRESS = 12
    # Four guesses each, never five on one account; the client also forges the header.
    statuses = [
        log_in(
            via_proxy(ATTACKER, forwarded=f"192.0.2.{account * 4 + guess}"),
            f"user{account}",
            f"guess{guess}",
        ).status_code
        for account in range(3)
        for guess in range(4)
    ]
    # The twelfth failure from the address is the one that locks it.
    assert statuses == [200] * 11 + [429]
    sprayer = via_proxy(ATTACKER)
    assert log_in(sprayer, "amina", PASSWORD).status_code in (403, 429)
    assert not is_logged_in(sprayer)
    # Another client of the same proxy is not concerned.
    colleague = via_proxy(ADMIN_DESK)
    assert log_in(colleague, "amina", PASSWORD).status_code == 302


# Rate limits on the heavy public endpoints


@pytest.mark.parametrize(
    ("kind", "url"),
    [
        ("exports", "/follow-ups/export.csv"),
        ("exports", "/resolutions/export.csv"),
        ("exports", "/follow-ups/calendar.ics"),
        ("feeds", "/feeds/resolutions.atom"),
        ("feeds", "/feeds/follow-ups.atom"),
        ("search", "/search/?q=cooperation"),
    ],
)
def test_one_client_past_its_limit_gets_429_with_retry_after_and_another_is_unaffected(
    behind_one_proxy, frozen_limiter_clock, settings, seeded, kind, url
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, kind: "3/m"}
    heavy = via_proxy(ATTACKER)
    for _ in range(3):
        assert read(heavy.get(url)).status_code == 200
    response = heavy.get(url)
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "Too many requests" in response.content.decode()
    assert read(via_proxy(ADMIN_DESK).get(url)).status_code == 200


def test_exports_share_one_limit(behind_one_proxy, frozen_limiter_clock, settings, seeded):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "exports": "2/m"}
    heavy = via_proxy(ATTACKER)
    assert read(heavy.get("/follow-ups/export.csv")).status_code == 200
    assert read(heavy.get("/resolutions/export.csv")).status_code == 200
    assert heavy.get("/follow-ups/calendar.ics").status_code == 429


def test_without_a_trusted_proxy_a_forged_header_does_not_escape_the_limit(
    frozen_limiter_clock, settings, seeded
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "exports": "2/m"}
    statuses = [
        read(
            Client(REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").get(
                "/follow-ups/export.csv"
            )
        ).status_code
        for n in range(3)
    ]
    assert statuses == [200, 200, 429]


def test_staff_are_not_limited(frozen_limiter_clock, settings, seeded, recorder):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "exports": "2/m"}
    staff = Client(REMOTE_ADDR=ATTACKER)
    staff.force_login(recorder)
    assert [read(staff.get("/follow-ups/export.csv")).status_code for _ in range(4)] == [200] * 4


def test_the_api_limits_an_anonymous_client_with_a_json_429(behind_one_proxy, settings, seeded):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": "3/h"}
    heavy = via_proxy(ATTACKER)
    for _ in range(3):
        assert heavy.get("/api/resolutions/").status_code == 200
    response = heavy.get("/api/resolutions/")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "throttled" in response.json()["detail"]
    assert via_proxy(ADMIN_DESK).get("/api/resolutions/").status_code == 200


def test_the_api_does_not_limit_staff(settings, seeded, recorder):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": "2/h"}
    staff = Client()
    staff.force_login(recorder)
    assert [staff.get("/api/resolutions/").status_code for _ in range(4)] == [200] * 4


# Settings


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("TRUSTED_PROXY_COUNT", "-1", "TRUSTED_PROXY_COUNT must be 0 or more"),
        ("TRUSTED_PROXY_COUNT", "one", "TRUSTED_PROXY_COUNT must be a whole number"),
        ("RATE_LIMIT_EXPORTS", "lots", "RATE_LIMIT_EXPORTS must be a count per s, m, h or d"),
        ("RATE_LIMIT_API", "0/m", "RATE_LIMIT_API must be a count per s, m, h or d"),
    ],
)
def test_a_malformed_throttling_setting_stops_the_start_naming_it(variable, value, message):
    result = run_manage("check", **{variable: value})
    assert result.returncode != 0
    assert message in result.stderr


# Exports at once, per server


def test_exports_beyond_the_servers_slots_are_told_to_come_back(settings, seeded, tmp_path):
    settings.EXPORTS_AT_ONCE = 2
    settings.EXPORT_SLOTS_DIR = str(tmp_path)
    first = Client().get("/follow-ups/export.csv")
    second = Client().get("/resolutions/export.csv")
    assert (first.status_code, second.status_code) == (200, 200)
    # Both still streaming: a third export, from anyone, waits its turn.
    for url in ("/follow-ups/export.csv", "/follow-ups/calendar.ics"):
        busy = Client().get(url)
        assert busy.status_code == 503
        assert int(busy["Retry-After"]) > 0
        assert "busy with other exports" in busy.content.decode()
    # A stream read to its end lets its slot go.
    b"".join(first.streaming_content)
    assert Client().get("/follow-ups/calendar.ics").status_code == 200
    assert read(Client().get("/follow-ups/export.csv")).status_code == 200
    read(second)
