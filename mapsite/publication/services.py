"""Publishing what waits: residents' reports, votes (cast, changed or withdrawn) and approved photos.

A run publishes, at the latest window, everything made at least PUBLISH_DELAY before it, in
one transaction: counters, district tallies and the data version then move once per window.
Each item is published by an update conditional on its still waiting (and not having changed
since the run looked), after its camera is locked, so runs may overlap (cron beside the
in-process scheduler) and each item still goes out exactly once; a run with nothing left to
publish writes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from mapsite.cameras.models import Camera
from mapsite.photos.models import Photo
from mapsite.publication.models import HeldVote, PublicationRun
from mapsite.publication.windows import last_window, out_until
from mapsite.votes.models import Vote
from mapsite.votes.services import apply_tally


def publish(now: dt.datetime | None = None) -> PublicationRun | None:
    """Publish everything due by `now` at its window; the run's record, or None if nothing was due."""
    now = now or timezone.now()
    window, cutoff = last_window(now), out_until(now)
    with transaction.atomic():
        # A report rejected or merged before its window never goes out.
        due = Camera.objects.filter(
            published_at__isnull=True, reported_at__lte=cutoff, status__in=Camera.PUBLIC_STATUSES,
            merged_into__isnull=True,
        )
        cameras = set(due.values_list("pk", flat=True))
        votes = list(Vote.objects.filter(published_at__isnull=True, updated_at__lte=cutoff)
                     .values_list("pk", "camera_id"))
        held = list(HeldVote.objects.filter(since__lte=cutoff).values_list("pk", "camera_id"))
        photos = list(Photo.objects.filter(status=Photo.Status.APPROVED, published_at__isnull=True,
                                           created_at__lte=cutoff).values_list("pk", flat=True))
        counted: dict[int, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
        for pk, camera_id in votes:
            counted[camera_id][0].append(pk)
        for pk, camera_id in held:
            counted[camera_id][1].append(pk)
        if not (cameras or counted or photos):
            return None
        locked = Camera.objects.lock(*cameras, *counted)
        published_cameras = due.filter(pk__in=cameras).update(published_at=window)
        published_votes = sum(
            _publish_votes(camera, *counted[camera.pk], window=window, cutoff=cutoff)
            for camera in locked.values() if camera.pk in counted
        )
        published_photos = Photo.objects.filter(
            pk__in=photos, status=Photo.Status.APPROVED, published_at__isnull=True
        ).update(published_at=window)
        if not (published_cameras or published_votes or published_photos):
            return None  # an overlapping run got there first
        return PublicationRun.objects.create(
            window_at=window, cameras=published_cameras, votes=published_votes, photos=published_photos
        )


def _publish_votes(camera: Camera, vote_ids: list[int], held_ids: list[int], *, window, cutoff) -> int:
    """Publish one locked camera's waiting votes and end its holds, then recount it once.
    The number of voters whose vote (or withdrawal) went out; 0 leaves the camera untouched."""
    going = Vote.objects.filter(pk__in=vote_ids, camera=camera, published_at__isnull=True, updated_at__lte=cutoff)
    rows = list(going.values_list("user_id", "kind"))
    going.update(published_at=window)
    holds = HeldVote.objects.filter(pk__in=held_ids, camera=camera, since__lte=cutoff)
    voters = {user for user, _kind in rows} | set(holds.values_list("user_id", flat=True))
    holds.delete()
    if not voters:
        return 0
    kinds = {kind for _user, kind in rows}
    apply_tally(
        camera,
        new_dispute=Vote.Kind.DISPUTE in kinds,
        confirmed_at=window if Vote.Kind.CONFIRM in kinds else None,
    )
    # A changed vote is both a hold and a waiting vote: one voter, counted once.
    return len(voters)
