"""The Chinese catalogue is complete, compiled, and covers every string in the code."""

from __future__ import annotations

import ast
import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "mapsite" / "locale" / "zh_Hant" / "LC_MESSAGES"


def parse_po(path: Path) -> dict[str, str]:
    """msgid -> msgstr (plural entries keyed by the singular, value msgstr[0]; an entry with a
    context keyed "context\x04msgid", as gettext keys it). Needs --no-wrap files."""
    entries: dict[str, str] = {}
    msgid = context = None
    fuzzy = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True  # compiled catalogues skip fuzzy entries: count them as untranslated
        elif line.startswith("msgctxt "):
            context = ast.literal_eval(line[8:])
        elif line.startswith("msgid "):
            msgid = ast.literal_eval(line[6:])
            if context is not None:
                msgid, context = f"{context}\x04{msgid}", None
        elif line.startswith("msgid_plural "):
            continue
        elif (line.startswith("msgstr ") or line.startswith("msgstr[0] ")) and msgid is not None:
            entries[msgid] = "" if fuzzy else ast.literal_eval(line.split(" ", 1)[1])
            msgid = None
            fuzzy = False
    entries.pop("", None)
    return entries


def test_every_string_has_a_chinese_translation():
    entries = parse_po(LOCALE / "django.po")
    assert len(entries) > 100
    untranslated = [msgid for msgid, msgstr in entries.items() if not msgstr]
    assert untranslated == []


def test_the_committed_mo_matches_the_po():
    with open(LOCALE / "django.mo", "rb") as fh:
        catalog = gettext.GNUTranslations(fh)._catalog
    compiled = {(k[0] if isinstance(k, tuple) else k): v for k, v in catalog.items() if k and k[0] != ""}
    compiled = {k: v for k, v in compiled.items() if k}
    assert compiled == parse_po(LOCALE / "django.po")


def test_every_translatable_string_in_the_code_is_in_the_catalogue(tmp_path):
    if not shutil.which("xgettext"):
        if os.environ.get("CI") == "true":
            pytest.fail("CI must check the catalogue, but gettext is not installed")
        pytest.skip("gettext tools not installed")
    copy = tmp_path / "site"
    copy.mkdir()
    shutil.copy(ROOT / "manage.py", copy)
    shutil.copytree(ROOT / "mapsite", copy / "mapsite", ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hant", "--no-wrap", "--no-location"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={**os.environ, "SECRET_KEY": "x" * 50},
    )
    fresh = parse_po(copy / "mapsite" / "locale" / "zh_Hant" / "LC_MESSAGES" / "django.po")
    missing = sorted(msgid for msgid, msgstr in fresh.items() if not msgstr)
    assert missing == [], "strings without a translation (run ./scripts/messages and translate)"
