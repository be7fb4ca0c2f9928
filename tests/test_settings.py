import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from secon_portal.env import env_bool, env_int, env_list
from tests.production import PRODUCTION


def manage(*args, **env):
    """Run manage.py in a fresh interpreter, so that settings are read from `env`."""
    environment = {**os.environ, "DATABASE_URL": _database_url(), **env}
    return subprocess.run(
        [sys.executable, "manage.py", *args], env=environment, capture_output=True, text=True, cwd=settings.BASE_DIR
    )


def _database_url():
    db = settings.DATABASES["default"]
    host = db["HOST"].replace("/", "%2F")
    return f"postgres://{db['USER']}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


def test_check_deploy_is_clean_with_production_variables():
    # The check only reads the settings: no Redis server is needed for it.
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION, REDIS_URL="redis://127.0.0.1:6379/9")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_warns_of_a_cache_per_worker():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **{**PRODUCTION, "REDIS_URL": ""})
    assert result.returncode != 0
    assert "secon_portal.W001" in result.stderr
    assert "the limit on password resets counts per worker" in result.stderr


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "EMAIL_HOST", "PORTAL_URL"])
def test_production_refuses_to_start_half_configured(missing):
    result = manage("check", **{**PRODUCTION, missing: ""})
    assert result.returncode != 0
    assert f"{missing}" in result.stderr


def test_production_refuses_the_development_secret_key():
    result = manage("check", **{**PRODUCTION, "SECRET_KEY": "too-short"})
    assert result.returncode != 0
    assert "SECRET_KEY must be a random string of at least 50 characters" in result.stderr


def test_behind_pgbouncer_connections_suit_transaction_pooling():
    show = "from django.conf import settings; d = settings.DATABASES['default']; "
    show += "print(d['CONN_MAX_AGE'], d.get('DISABLE_SERVER_SIDE_CURSORS', False), d['OPTIONS'].get('options'))"
    behind_pgbouncer = manage("shell", "-c", show, PGBOUNCER="true").stdout.splitlines()[-1]
    direct = manage("shell", "-c", show, CONN_MAX_AGE="60").stdout.splitlines()[-1]
    assert (behind_pgbouncer, direct) == ("0 True None", "60 False -c jit=off")


def test_database_url_must_be_postgresql():
    result = manage("check", DATABASE_URL="sqlite:///db.sqlite3")
    assert result.returncode != 0
    assert "DATABASE_URL must point at PostgreSQL" in result.stderr


def test_env_bool_rejects_a_value_that_is_not_a_yes_or_no(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DEBUG must be one of"):
        env_bool("DEBUG")


def test_env_helpers_read_typed_values(monkeypatch):
    monkeypatch.setenv("PORT", "587")
    monkeypatch.setenv("HOSTS", " a.example , b.example ,")
    monkeypatch.setenv("FLAG", "Off")
    assert env_int("PORT") == 587
    assert env_list("HOSTS") == ["a.example", "b.example"]
    assert env_bool("FLAG", default=True) is False
    assert env_int("UNSET_VARIABLE", 3) == 3


def test_env_int_names_the_variable(monkeypatch):
    monkeypatch.setenv("EMAIL_PORT", "five")
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT must be a whole number, not 'five'"):
        env_int("EMAIL_PORT")
