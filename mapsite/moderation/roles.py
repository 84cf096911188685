"""The Moderators group. Created by migration; ensured again here because a
flushed test database (or a hand-edited one) may have lost it."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

MODERATORS = "Moderators"
PERM = "moderation.moderate"


def moderators_group() -> Group:
    group, _ = Group.objects.get_or_create(name=MODERATORS)
    app_label, codename = PERM.split(".")
    perm = Permission.objects.get(codename=codename, content_type__app_label=app_label)
    group.permissions.add(perm)
    return group


def _forget_permissions(user) -> None:
    # has_perm() caches per user object
    for attr in ("_perm_cache", "_group_perm_cache", "_user_perm_cache"):
        user.__dict__.pop(attr, None)


def make_moderator(user) -> None:
    user.groups.add(moderators_group())
    _forget_permissions(user)


def remove_moderator(user) -> None:
    user.groups.remove(moderators_group())
    _forget_permissions(user)


def is_moderator(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(PERM))
