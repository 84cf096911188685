"""Joining translated pieces with the active language's own punctuation: Chinese separates
clauses with ；and list items with 、, pairs a field with its value by ：and brackets an aside
in （）, where English uses "; ", ", ", ": " and " ()"."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import pgettext


def clauses(parts: Iterable[str]) -> str:
    return pgettext("between clauses", "; ").join(parts)


def items(parts: Iterable[str]) -> str:
    return pgettext("between list items", ", ").join(parts)


def colon() -> str:
    return pgettext("between a label and what it introduces", ": ")


def labelled(label: str, value: str) -> str:
    return f"{label}{colon()}{value}"


def aside(text: str) -> str:
    """A remark in brackets after a word, with the space English puts before them (Chinese puts none)."""
    return pgettext("a parenthetical remark after a word", " (%(text)s)") % {"text": text}
