"""The verification rules, in one place. Thresholds come from settings.

- A pending camera becomes *verified by residents* when at least
  VERIFY_MIN_CONFIRMATIONS established-or-trusted residents other than its
  reporter confirm it, and the confirmations outweigh the disputes by at least
  VERIFY_MIN_MARGIN, each vote weighing by its account's trust level
  (mapsite/accounts/trust.py). Votes from new accounts count, show and raise
  confidence and queue priority, but can never verify a camera on their own:
  a handful of fresh accounts is what one person can make. This is one way:
  later disputes flag it for moderators rather than silently demoting it.
- A camera is *flagged* for moderators when it has FLAG_MIN_DISPUTES or more
  disputes, or any dispute saying "removed" or "duplicate". The flag is raised
  by a dispute and lowered by a moderator's action (or when the disputes that
  raised it are withdrawn), so a moderator who has looked is not pestered by
  old disputes on every later vote.
- A moderator's decision (verify, reject, remove) stands over the votes until
  a moderator changes it: votes then move the counts and may raise the flag,
  never the status.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.translation import gettext, ngettext, pgettext
from django.utils.translation import gettext_lazy as _

from mapsite.accounts import trust
from mapsite.cameras.models import Camera
from mapsite.lib import wording
from mapsite.publication.models import HeldVote
from mapsite.votes.models import Vote

# Any one of these is enough to bring a camera to a moderator.
SERIOUS_REASONS = (Vote.Reason.REMOVED, Vote.Reason.DUPLICATE)


class Confidence(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


CONFIDENCE_HELP = {
    Confidence.HIGH: _("Verified, not under review, and seen within the last year."),
    Confidence.MEDIUM: _("More residents confirm it than dispute it, or it is verified but old or under review."),
    Confidence.LOW: _("Not yet confirmed by more residents than dispute it."),
}


@dataclass(frozen=True)
class Tally:
    confirms: int
    disputes: int
    serious_disputes: int
    # Confirmations from established-or-trusted residents, and the weighed totals.
    established_confirms: int = 0
    confirm_weight: int = 0
    dispute_weight: int = 0


def counted_votes(camera: Camera) -> list[tuple[int, str, str]]:
    """(user, kind, reason) of the published votes on the camera, not counting its reporter (who
    cannot vote, but a merge or an old row must never let them vouch for their own report).
    A vote waiting for its publication window does not count yet, and a published vote its
    resident changed or withdrew since counts as it was (mapsite.publication)."""
    held = list(HeldVote.objects.filter(camera=camera).values_list("user_id", "kind", "reason"))
    votes = Vote.objects.filter(camera=camera, published_at__isnull=False).exclude(
        user_id__in=[user for user, _kind, _reason in held]
    )
    return [row for row in (*votes.values_list("user_id", "kind", "reason"), *held) if row[0] != camera.reporter_id]


def tally(camera: Camera, rows: list[tuple[int, str, str]] | None = None, levels: dict | None = None) -> Tally:
    """The camera's counted votes, weighed by their residents' levels (both read here unless given)."""
    rows = counted_votes(camera) if rows is None else rows
    levels = trust.levels_of(user for user, _kind, _reason in rows) if levels is None else levels
    confirms = [levels[user] for user, kind, _reason in rows if kind == Vote.Kind.CONFIRM]
    disputes = [levels[user] for user, kind, _reason in rows if kind == Vote.Kind.DISPUTE]
    return Tally(
        confirms=len(confirms),
        disputes=len(disputes),
        serious_disputes=sum(1 for _u, kind, reason in rows if kind == Vote.Kind.DISPUTE and reason in SERIOUS_REASONS),
        established_confirms=sum(1 for level in confirms if trust.at_least(level, trust.Level.ESTABLISHED)),
        confirm_weight=sum(trust.weight(level) for level in confirms),
        dispute_weight=sum(trust.weight(level) for level in disputes),
    )


def meets_resident_verification(t: Tally) -> bool:
    return (
        t.established_confirms >= settings.VERIFY_MIN_CONFIRMATIONS
        and t.confirm_weight - t.dispute_weight >= settings.VERIFY_MIN_MARGIN
    )


def deserves_flag(t: Tally) -> bool:
    return t.disputes >= settings.FLAG_MIN_DISPUTES or t.serious_disputes > 0


@dataclass(frozen=True)
class Outcome:
    status: str
    flagged: bool
    verified_by_residents: bool  # the status changed to verified because of these votes
    newly_flagged: bool


def evaluate(camera: Camera, t: Tally, *, new_dispute: bool) -> Outcome:
    """What the camera's status and flag should be after the votes in `t`.
    `new_dispute` says whether this evaluation follows a dispute being cast."""
    status = camera.status
    verified_now = False
    if (
        not camera.moderator_decided
        and camera.status == Camera.Status.PENDING
        and meets_resident_verification(t)
    ):
        status = Camera.Status.VERIFIED
        verified_now = True

    flagged = camera.flagged
    if not deserves_flag(t):
        flagged = False
    elif new_dispute:
        flagged = True
    return Outcome(status, flagged, verified_now, flagged and not camera.flagged)


def confidence(camera: Camera) -> str:
    """A plain three-level reading of how much to trust the report."""
    if camera.status == Camera.Status.VERIFIED and not camera.flagged and not camera.is_stale:
        return Confidence.HIGH
    if camera.status == Camera.Status.VERIFIED or camera.confirm_count > camera.dispute_count:
        return Confidence.MEDIUM
    return Confidence.LOW


def explain(camera: Camera) -> str:
    """Confidence in words: where the camera came from and who agrees, never naming anyone."""
    rows = counted_votes(camera)
    # The reporter's level and the voters' in one reading, by id: a level needs an account's age
    # and record, not its row.
    resident = camera.source == Camera.Source.RESIDENT
    levels = trust.levels_of([*(user for user, _kind, _reason in rows), *([camera.reporter_id] if resident else [])])
    if resident:
        level = levels.get(camera.reporter_id, trust.Level.NEW)
        origin = {
            trust.Level.NEW: gettext("Reported by a new contributor"),
            trust.Level.ESTABLISHED: gettext("Reported by an established contributor"),
            trust.Level.TRUSTED: gettext("Reported by a trusted contributor"),
        }[level]
    else:
        origin = str(camera.provenance)
    t = tally(camera, rows, levels)
    if not t.confirms:
        votes = gettext("no resident has confirmed it yet")
    elif not t.established_confirms:
        votes = ngettext(
            "%(n)d resident confirms, not established yet",
            "%(n)d residents confirm, none of them established yet",
            t.confirms,
        ) % {"n": t.confirms}
    else:
        votes = ngettext(
            "%(n)d resident confirms", "%(n)d residents confirm", t.confirms
        ) % {"n": t.confirms} + ngettext(
            ", %(k)d of them established", ", %(k)d of them established", t.established_confirms
        ) % {"k": t.established_confirms}
    words = [origin, votes]
    if t.disputes:
        words.append(ngettext("%(n)d disputes it", "%(n)d dispute it", t.disputes) % {"n": t.disputes})
    # Chinese joins clauses and sentences with its own full-width marks, and no space.
    sentence = pgettext("a sentence of clauses", "%(clauses)s.") % {"clauses": wording.clauses(words)}
    if camera.status != Camera.Status.VERIFIED:
        return sentence
    if camera.moderator_decided:
        verified = gettext("A moderator verified it.")
    elif camera.source == Camera.Source.OFFICIAL:
        verified = gettext("Its operator's own published list verifies it.")
    elif camera.source == Camera.Source.RESIDENT:
        verified = gettext("Established residents verified it.")
    else:
        # Demo data, or an import that came in verified: nobody here verified it, so say nothing.
        return sentence
    return pgettext("two sentences", "%(first)s %(second)s") % {"first": sentence, "second": verified}
