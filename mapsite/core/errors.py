"""One error type for everything a service refuses, carrying its HTTP status.

Services raise these with a translated message that is safe to show; views and
middleware turn them into a page or JSON through `mapsite.core.http.refused`.
After Zulip's JsonableError: the status lives on the class, not at each raise.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.utils.translation import gettext_lazy as _


class ServiceError(Exception):
    """A request that cannot be done as asked (400 unless a subclass says otherwise)."""

    status: ClassVar[int] = 400
    default_message: ClassVar[str] = _("The request could not be done.")

    def __init__(self, message: str | None = None, **extra: Any) -> None:
        self.message = str(message if message is not None else self.default_message)
        # Extra JSON fields for API clients (e.g. {"code": "outside_hong_kong"}).
        self.extra = extra
        super().__init__(self.message)


class BadRequest(ServiceError):
    """The request itself is malformed: a body that is not JSON, an unusable parameter."""

    default_message = _("The request could not be read. Reload the page and try again.")


class NotAuthenticated(ServiceError):
    status = 401
    default_message = _("Log in to do this.")


class Forbidden(ServiceError):
    status = 403
    default_message = _("You are not allowed to do this.")


class NotFound(ServiceError):
    status = 404
    default_message = _("This page does not exist.")


class Conflict(ServiceError):
    status = 409
    default_message = _("Someone else changed this in the meantime. Reload the page and try again.")


class Unavailable(ServiceError):
    """A fault on our side that passes (a database lock held too long, a full disk):
    nothing was saved, and the same request will work again later."""

    status = 503
    retry_after = 60  # seconds, sent as Retry-After
    default_message = _("The site is busy and nothing was saved. Please try again in a minute.")


class TooMany(ServiceError):
    """A limit on how much one account may do was reached; the same request works later."""

    status = 429
    retry_after = 3600
    default_message = _("Too many requests. Please wait a while and try again.")
