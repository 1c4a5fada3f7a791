"""Settings fail loudly on bad values, and production mode passes Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG", "SECRET_KEY"}}
    environment.update(env)
    return subprocess.run(  # noqa: S603  (fixed arguments, our own manage.py)
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "maybe"}, "DEBUG must be true or false"),
        ({"DEBUG": "false", "ALLOWED_HOSTS": "custodian.example"}, "SECRET_KEY must be set"),
        ({"DEBUG": "false", "SECRET_KEY": "x" * 60}, "ALLOWED_HOSTS must be set"),
        ({"SESSION_MINUTES": "ten"}, "SESSION_MINUTES must be a whole number"),
        ({"DATABASE_URL": "nonsense://"}, "DATABASE_URL"),
    ],
)
def test_bad_settings_stop_start_up_with_a_clear_message(env, message):
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_deploy_check_is_clean_in_production_mode():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY="k" * 20 + "-production-secret-" + "z" * 30,
        ALLOWED_HOSTS="custodian.example",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_security_headers_on_a_page(client, db):
    response = client.get("/account/sign-in")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["Referrer-Policy"] == "same-origin"
