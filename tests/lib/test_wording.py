"""Composed text takes the language's own punctuation: what English writes with ASCII marks,
Chinese writes with full-width ones."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils import translation

from mapsite.lib import wording


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ("a; b", "a, b", "Kind: dome", " (note)")),
        ("zh-hant", ("a；b", "a、b", "Kind：dome", "（note）")),
    ],
)
def test_each_join_in_each_language(language, expected):
    with translation.override(language):
        got = (
            wording.clauses(["a", "b"]),
            wording.items(["a", "b"]),
            wording.labelled("Kind", "dome"),
            wording.aside("note"),
        )
    assert got == expected


def test_the_colon_tag_in_each_language():
    template = Template("{% load wording_tags %}Date{% colon %}today")
    assert template.render(Context()) == "Date: today"
    with translation.override("zh-hant"):
        assert template.render(Context()) == "Date：today"


def test_the_aside_tag_joins_its_parts_and_escapes_them():
    template = Template("{% load wording_tags %}{% aside first second %}")
    with translation.override("zh-hant"):
        html = template.render(Context({"first": "2025-12", "second": "<b>police</b>"}))
    assert html == "（2025-12、&lt;b&gt;police&lt;/b&gt;）"
