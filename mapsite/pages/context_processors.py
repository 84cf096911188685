from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language

from mapsite.moderation.outcomes import unseen_count
from mapsite.moderation.roles import is_moderator


def site(request: HttpRequest) -> dict:
    """Language-switch links (the same page in each language) and moderator flag."""
    current = get_language()
    path = request.get_full_path()
    switch = [
        {"code": code, "name": name, "url": translate_url(path, code), "active": code == current}
        for code, name in settings.LANGUAGES
    ]
    user = getattr(request, "user", None)
    authenticated = bool(user and user.is_authenticated)
    return {
        "language_links": switch,
        "is_moderator": is_moderator(user),
        # Lazy: only pages that show the header pay the one query.
        "unseen_outcomes": (lambda: unseen_count(user)) if authenticated else 0,
        # Hours between publication windows (0: at once), for pages that explain when things show.
        "publish_hours": settings.PUBLISH_WINDOW_HOURS,
    }
