"""Ending an account's sessions, and deleting the account.

Deleting leaves the community's data and cuts every thread back to the person: reports stay with
no reporter, approved photos with no uploader, audit entries with no actor; votes are withdrawn
through the votes service (so the counts are recounted), photos that never went public are
deleted with their files, and the account's id is taken out of the audit entries' snapshots.
"""

from __future__ import annotations

from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast

from mapsite.audit.models import AuditEntry
from mapsite.photos.models import Photo
from mapsite.photos.processing import delete_files
from mapsite.votes import services as votes
from mapsite.votes.models import Vote

# Keys under which audit snapshots hold an account's id (mapsite/accounts/services.py names the
# account; merges keep the reporter and the moved votes' voters so an undo can restore them).
ACCOUNT_KEYS = ("account", "reporter_id", "user_id")
# The actions whose snapshots carry those keys.
ACTIONS_NAMING_ACCOUNTS = (
    AuditEntry.Action.TRUST_SET, AuditEntry.Action.VOTES_PAUSED, AuditEntry.Action.MERGED, AuditEntry.Action.UNDONE,
)


def _session_store():
    store = import_module(settings.SESSION_ENGINE).SessionStore
    if not hasattr(store, "get_model_class"):
        # Cookie or cache sessions cannot be listed, so they cannot be ended from the server.
        raise ImproperlyConfigured("Ending an account's sessions needs a database-backed SESSION_ENGINE.")
    return store


def end_sessions(user) -> int:
    """End every session signed in as `user`, on every device. Returns how many.

    Sessions are stored signed and encoded, so each is decoded to find its account: a pass over
    the table, which is acceptable for an action a resident takes rarely. Expired sessions not yet
    cleared are ended too, since they still name the account.
    """
    store = _session_store()
    wanted = str(user.pk)
    keys = [
        key
        for key, data in store.get_model_class().objects.values_list("session_key", "session_data").iterator()
        if str(store().decode(data).get(SESSION_KEY)) == wanted
    ]
    for key in keys:
        store(session_key=key).delete()  # also drops a cached copy (cached_db)
    return len(keys)


def _without_account(value, pk: int):
    """`value` with the account's id taken out: a voter's snapshot dropped, other mentions emptied."""
    if isinstance(value, dict):
        return {key: (None if key in ACCOUNT_KEYS and item == pk else _without_account(item, pk))
                for key, item in value.items()}
    if isinstance(value, list):
        # A moved or dropped vote's snapshot: the vote itself is gone, so an undo must not bring it back.
        return [_without_account(item, pk) for item in value
                if not (isinstance(item, dict) and item.get("user_id") == pk)]
    return value


def _scrub_audit(pk: int) -> None:
    # A rough text match narrows the entries to read (JSON keys cannot be searched at any depth
    # on both databases); _without_account decides exactly.
    text = str(pk)
    candidates = AuditEntry.objects.filter(action__in=ACTIONS_NAMING_ACCOUNTS).annotate(
        before_text=Cast("before", TextField()), after_text=Cast("after", TextField())
    ).filter(Q(before_text__contains=text) | Q(after_text__contains=text))
    for entry in candidates.only("pk", "before", "after"):
        before, after = _without_account(entry.before, pk), _without_account(entry.after, pk)
        if (before, after) != (entry.before, entry.after):
            AuditEntry.objects.filter(pk=entry.pk).update(before=before, after=after)


def _forget_admin_mentions(user) -> None:
    """The admin's own log names the account (its username) when a superuser edited it."""
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    from mapsite.accounts.models import Profile

    types = ContentType.objects.get_for_models(get_user_model(), Profile).values()
    LogEntry.objects.filter(content_type__in=types, object_id=str(user.pk)).delete()


def delete_account(user) -> None:
    """Delete the account, all or nothing (the caller has checked the password)."""
    pk = user.pk
    files: list[str] = []
    with transaction.atomic():
        voted = list(Vote.objects.filter(user=user).values_list("camera_id", flat=True))
        for camera_id in voted:
            votes.withdraw(camera_id, user)
        unpublished = Photo.objects.filter(uploader=user).exclude(status=Photo.Status.APPROVED)
        for image, thumbnail in unpublished.values_list("image", "thumbnail"):
            files += [image, thumbnail]
        unpublished.delete()
        end_sessions(user)
        _forget_admin_mentions(user)
        # Reporter, uploader and actor are SET_NULL; the profile and what only it owns go with it.
        user.delete()
        # With a publication window on, withdrawing held the old votes back until the window;
        # deleting the account deleted those holds, so the public counts are recounted now.
        for camera_id in voted:
            votes.apply_tally(votes.lock_camera(camera_id))
        _scrub_audit(pk)
        transaction.on_commit(lambda: delete_files(files))
