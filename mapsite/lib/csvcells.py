"""Text cells of the CSV export that no spreadsheet runs as a formula, and that read back exactly.

A cell starting with = + - @, a tab or a carriage return is a formula to Excel and LibreOffice
(CSV injection), so it is written with a leading apostrophe, which spreadsheets show as text.
A cell that itself starts with an apostrophe gets one more, so `read` can always take exactly
one off: a mirror (manage.py mirror) gets back the text the source holds.
"""

from __future__ import annotations

_ACTIVE = ("=", "+", "-", "@", "\t", "\r", "'")


def written(text: str) -> str:
    return "'" + text if text.startswith(_ACTIVE) else text


def read(cell: str) -> str:
    return cell[1:] if cell.startswith("'") else cell
