"""What a username may be: one script at a time, and unique once normalised.

``аlice`` (with a Cyrillic а) beside ``alice``, or ``ｖ1`` beside ``v1``, would
let one resident pass for another. Usernames are compared after NFKC
normalisation and case-folding, and a name that mixes scripts is refused,
except for the mixes Unicode's "highly restrictive" profile (UTS #39) allows
for East Asian writing: Latin with Han and Japanese kana, Bopomofo or Hangul.
"""

from __future__ import annotations

import unicodedata

from confusable_homoglyphs import categories
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Characters of these "scripts" go with any script: digits, punctuation, combining marks.
_NEUTRAL = {"COMMON", "INHERITED"}
# UTS #39 highly restrictive: a single script, or one of these East Asian combinations.
_ALLOWED_MIXES = (
    {"LATIN", "HAN", "HIRAGANA", "KATAKANA"},
    {"LATIN", "HAN", "BOPOMOFO"},
    {"LATIN", "HAN", "HANGUL"},
)


def normalise_username(username: str) -> str:
    """The form two usernames are compared in: NFKC, case-folded, NFKC again."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", username).casefold())


def scripts_of(text: str) -> set[str]:
    return {categories.alias(char) for char in text} - _NEUTRAL


def validate_single_script(username: str) -> None:
    scripts = scripts_of(unicodedata.normalize("NFKC", username))
    if len(scripts) <= 1 or any(scripts <= mix for mix in _ALLOWED_MIXES):
        return
    raise ValidationError(
        _(
            "Use the letters of one script only: this name mixes %(scripts)s, "
            "so it could pass for someone else's name."
        ),
        code="mixed_scripts",
        params={"scripts": " + ".join(sorted(script.title() for script in scripts))},
    )


def lookalike_exists(username: str) -> bool:
    """Whether an account's name equals this one once both are normalised.

    The comparison cannot be done in SQL (neither database case-folds Unicode
    the way Python does), so the names are streamed; sign-ups are rare and
    rate limited, and a hundred thousand names take a few tens of milliseconds.
    """
    from django.contrib.auth import get_user_model

    wanted = normalise_username(username)
    names = get_user_model()._default_manager.values_list("username", flat=True)
    return any(normalise_username(name) == wanted for name in names.iterator(chunk_size=5000))
