"""No raw-HTML path in anything the site serves: its scripts and templates never hand text to
innerHTML and kin (user text goes in through textContent), and axe-core, whose minified code
does, is a test tool kept beside the browser tests, outside mapsite/, so it is never collected
as a static file or loaded by a page."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAPSITE = ROOT / "mapsite"
SINKS = re.compile(r"\.innerHTML\b|\.outerHTML\b|insertAdjacentHTML|document\.write")


def served_files():
    return [path for path in MAPSITE.rglob("*") if path.suffix in {".html", ".js"}]


def test_axe_core_lives_with_the_tests_not_the_site():
    assert (ROOT / "tests/browser/vendor/axe-core/axe.min.js").exists()
    assert not list(MAPSITE.rglob("axe*.js"))
    loaders = [path.relative_to(MAPSITE) for path in served_files() + list(MAPSITE.rglob("*.py"))
               if "axe-core" in path.read_text(encoding="utf-8", errors="ignore")]
    assert loaders == []


def test_no_script_or_template_of_the_site_writes_raw_html():
    files = served_files()
    assert len(files) > 50  # the site's templates and scripts were found
    sinks = [f"{path.relative_to(MAPSITE)}: {match.group(0)}" for path in files
             for match in SINKS.finditer(path.read_text(encoding="utf-8", errors="ignore"))]
    assert sinks == []


def test_the_check_finds_a_sink(tmp_path):
    planted = tmp_path / "popup.js"
    planted.write_text("el.innerHTML = note;\n")
    assert SINKS.search(planted.read_text())
