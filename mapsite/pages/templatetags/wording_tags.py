"""Punctuation in the page's language for pieces a template puts together."""

from __future__ import annotations

from django import template

from mapsite.lib import wording

register = template.Library()


@register.simple_tag
def aside(*parts) -> str:
    """{% aside a b %}, straight after a word: " (a, b)" in English, "（a、b）" in Chinese (escaped, as
    simple tags are)."""
    return wording.aside(wording.items(str(part) for part in parts))


@register.simple_tag
def colon() -> str:
    """{% colon %} between a label and what it introduces: ": " in English, "：" in Chinese."""
    return wording.colon()
