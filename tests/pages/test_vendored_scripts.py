"""axe-core is vendored for the browser tests only: no template loads it, so its own HTML
handling never meets a visitor's page or anyone's text."""

from __future__ import annotations

from pathlib import Path

MAPSITE = Path(__file__).resolve().parents[2] / "mapsite"


def test_no_template_or_script_loads_axe_core():
    assert (MAPSITE / "static/vendor/axe-core/axe.min.js").exists()
    loaders = [
        path.relative_to(MAPSITE)
        for path in MAPSITE.rglob("*")
        if path.suffix in {".html", ".js", ".py"}
        and "vendor" not in path.parts
        and "axe-core" in path.read_text(encoding="utf-8", errors="ignore")
    ]
    assert loaders == []
