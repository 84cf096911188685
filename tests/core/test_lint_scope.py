"""`ruff check .` (scripts/test, CI) finds files by extension; a Python script without one is
checked only if pyproject.toml names it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUFF = Path(sys.executable).with_name("ruff")


def python_scripts() -> set[str]:
    return {
        f"scripts/{path.name}"
        for path in (ROOT / "scripts").iterdir()
        if path.is_file() and path.suffix != ".py" and "python" in path.read_text().partition("\n")[0]
    }


def test_every_python_script_without_an_extension_is_linted():
    listed = subprocess.run(
        [str(RUFF), "check", "--show-files", "."], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    checked = {Path(line).relative_to(ROOT).as_posix() for line in listed.split() if line.startswith(str(ROOT))}
    assert python_scripts() == {"scripts/mutate"}
    assert python_scripts() <= checked
