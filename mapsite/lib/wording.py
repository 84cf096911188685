"""Joining translated pieces with the active language's own punctuation: Chinese separates
clauses with ；and list items with 、, where English uses "; " and ", "."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import pgettext


def clauses(parts: Iterable[str]) -> str:
    return pgettext("between clauses", "; ").join(parts)


def items(parts: Iterable[str]) -> str:
    return pgettext("between list items", ", ").join(parts)
