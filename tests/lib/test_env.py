import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from mapsite.lib.env import env_bool, env_float, env_int, env_list, env_str


def test_unset_variables_take_their_defaults(monkeypatch):
    monkeypatch.delenv("MAPSITE_X", raising=False)
    assert env_str("MAPSITE_X", "d") == "d"
    assert env_bool("MAPSITE_X", True) is True
    assert env_int("MAPSITE_X", 7) == 7
    assert env_list("MAPSITE_X", ["a"]) == ["a"]


@pytest.mark.parametrize("raw,expected", [("1", True), ("true", True), ("YES", True), ("off", False), ("0", False)])
def test_booleans_parse(monkeypatch, raw, expected):
    monkeypatch.setenv("MAPSITE_X", raw)
    assert env_bool("MAPSITE_X") is expected


@pytest.mark.parametrize(
    "reader,raw",
    [
        (lambda: env_bool("MAPSITE_X"), "maybe"),
        (lambda: env_int("MAPSITE_X", 1), "ten"),
        (lambda: env_int("MAPSITE_X", 1, minimum=1), "0"),
        (lambda: env_float("MAPSITE_X", 1.0), "nan"),
    ],
)
def test_bad_values_fail_loudly_naming_the_variable(monkeypatch, reader, raw):
    monkeypatch.setenv("MAPSITE_X", raw)
    with pytest.raises(ImproperlyConfigured, match="MAPSITE_X"):
        reader()


def test_lists_split_on_commas_and_drop_blanks(monkeypatch):
    monkeypatch.setenv("MAPSITE_X", " example.org, ,localhost ")
    assert env_list("MAPSITE_X", []) == ["example.org", "localhost"]


def _start_site(**env_overrides: str):
    """Start Django in a fresh interpreter: settings are read once, at import."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "mapsite.settings", **env_overrides}
    code = "import django; django.setup()"
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)


def test_a_bad_setting_stops_the_site_at_start_up():
    result = _start_site(DEBUG="sometimes")
    assert result.returncode != 0
    assert "DEBUG='sometimes' is invalid" in result.stderr


def test_a_bad_tile_url_stops_the_site_at_start_up():
    result = _start_site(TILE_URL="ftp://tiles.example/{z}/{x}/{y}.png")
    assert result.returncode != 0
    assert "TILE_URL" in result.stderr


def test_good_settings_start_the_site():
    assert _start_site(DEBUG="false").returncode == 0
