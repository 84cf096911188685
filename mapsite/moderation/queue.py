"""The moderation queue: which cameras a tab holds, the filters and sorts a moderator
narrows it by (a Form bound to the query string), and the order the review page walks.

Every sort ends in the primary key, so the order is total and a page or a "next
camera" is the same on every request. A sort is one entry in SORTS: the trust
ordering adds itself there without touching the views.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import F, Q, QuerySet, Subquery
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from mapsite.accounts.models import Profile
from mapsite.cameras.models import Camera
from mapsite.core.forms import IdField
from mapsite.districts.models import District
from mapsite.moderation.nearest import NEAR_MAX, NEAR_START, NEAR_STEP, near, within
from mapsite.photos.models import Photo
from mapsite.votes.models import Vote

PAGE_SIZE = 50
# The largest count a filter may take (a camera cannot gather more votes than residents).
MAX_VOTES = 1_000_000
_POINT = re.compile(r"\s*(-?[0-9]+(?:\.[0-9]+)?)\s*,\s*(-?[0-9]+(?:\.[0-9]+)?)\s*", re.ASCII)


class Tab:
    FLAGGED = "flagged"
    PENDING = "pending"
    PHOTOS = "photos"
    DECIDED = "decided"


# Flagged first: a camera residents dispute is on the map now and may be wrong.
TABS = [
    (Tab.FLAGGED, _("Flagged")),
    (Tab.PENDING, _("Pending")),
    (Tab.PHOTOS, _("Photos")),
    (Tab.DECIDED, _("Recently decided")),
]
CAMERA_TABS = (Tab.FLAGGED, Tab.PENDING)


def tab_cameras(tab: str) -> QuerySet:
    """The unfiltered cameras of a camera tab. Pending-and-flagged shows under flagged only."""
    live = Camera.objects.filter(merged_into__isnull=True)
    if tab == Tab.FLAGGED:
        return live.filter(flagged=True)
    return live.filter(status=Camera.Status.PENDING, flagged=False)


def pending_photos() -> QuerySet:
    return Photo.objects.filter(status=Photo.Status.PENDING)


@dataclass(frozen=True)
class Sort:
    label: str
    # (field or annotation, descending) pairs, most significant first; the pk is appended.
    keys: tuple[tuple[str, bool], ...]
    annotate: Callable[[QuerySet, dict], QuerySet] | None = None
    needs_point: bool = False


# Camera.objects.pending_by_priority()'s measure: confirmations net of disputes.
PRIORITY = F("confirm_count") - F("dispute_count")


def _priority(cameras: QuerySet, data: dict) -> QuerySet:
    return cameras.annotate(priority=PRIORITY)

SORTS: dict[str, Sort] = {
    "oldest": Sort(_("Oldest first"), (("reported_at", False),)),
    "newest": Sort(_("Newest first"), (("reported_at", True),)),
    "confirmed": Sort(_("Most confirmed"), (("confirm_count", True), ("reported_at", False))),
    "disputed": Sort(_("Most disputed"), (("dispute_count", True), ("reported_at", False))),
    "priority": Sort(_("Priority (confirmations minus disputes)"), (("priority", True), ("reported_at", False)),
                     annotate=_priority),
    "nearest": Sort(_("Nearest to a point"), (("distance", False),), annotate=near, needs_point=True),
}


def order_keys(sort: Sort) -> list[tuple[str, bool]]:
    """The sort's keys and the pk, which runs the way the last key does: then one index read
    forwards or backwards serves the whole order (a mixed direction would sort every row)."""
    return [*sort.keys, ("pk", sort.keys[-1][1])]


def order_by(keys: list[tuple[str, bool]], *, forward: bool = True, lead: tuple[str, ...] = ()) -> list[str]:
    """ORDER BY terms: `lead` (columns the tab's WHERE fixes, see tab_lead) the way the last key runs, then `keys`."""
    fixed = [(name, keys[-1][1]) for name in lead]
    return [f"-{name}" if desc == forward else name for name, desc in [*fixed, *keys]]


# The columns a camera tab's WHERE fixes and its partial indexes lead with (cameras/models.py).
# Named first in the ORDER BY, they change no order, but PostgreSQL does not take
# "merged_into_id IS NULL" as fixing the column, and without them sorts the whole tab
# instead of reading the order from the index.
def tab_lead(tab: str) -> tuple[str, ...]:
    return ("merged_into_id",) if tab == Tab.FLAGGED else ("status", "merged_into_id")  # as tab_cameras


class Age:
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    OLDER = "older"


_AGES = {
    Age.DAY: (_("Less than a day old"), None, dt.timedelta(days=1)),
    Age.WEEK: (_("Less than a week old"), None, dt.timedelta(days=7)),
    Age.MONTH: (_("Less than a month old"), None, dt.timedelta(days=30)),
    Age.OLDER: (_("Over a month old"), dt.timedelta(days=30), None),
}


class Source:
    """Demo data is hidden unless asked for: it is not what moderators are here to check."""

    REAL = ""
    RESIDENT = Camera.Source.RESIDENT
    IMPORT = Camera.Source.IMPORT
    DEMO = Camera.Source.DEMO
    ANY = "any"


@cache
def _district_choices(language: str) -> list[tuple[str, str]]:
    """The district filter's choices, named in `language` (the active one, which d.name reads)."""
    return [("", _("Any district"))] + [(d.code, d.name) for d in District.objects.only("code", "name_en", "name_zh")]


def _with_any(choices, any_label) -> list:
    return [("", any_label), *choices]


# Where in the list the moderator is: a page number (the first pages) or a keyset cursor.
PLACE = ("page", "after", "before")


class QueueForm(forms.Form):
    """The queue's tab, filters and sort, bound to request.GET; every field optional.

    Error codes: near "not_a_point", sort "needs_point"; the rest are Django's
    "invalid_choice", "invalid", "min_value" and "max_value"."""

    tab = forms.ChoiceField(choices=TABS, required=False)
    district = forms.ChoiceField(label=_("District"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=_with_any(Camera.Kind.choices, _("Any kind")), required=False)
    operator = forms.ChoiceField(
        label=_("Operator"), choices=_with_any(Camera.Operator.choices, _("Any operator")), required=False
    )
    source = forms.ChoiceField(
        label=_("Source"),
        required=False,
        choices=[
            (Source.REAL, _("Residents and imports")),
            (Source.RESIDENT, _("Residents only")),
            (Source.IMPORT, _("Imports only")),
            (Source.DEMO, _("Demo data only")),
            (Source.ANY, _("Everything, demo data too")),
        ],
    )
    photo = forms.ChoiceField(
        label=_("Photo"), required=False,
        choices=[("", _("With or without")), ("yes", _("Has a photo")), ("no", _("No photo"))],
    )
    age = forms.ChoiceField(
        label=_("Age"), required=False, choices=[("", _("Any age"))] + [(k, v[0]) for k, v in _AGES.items()]
    )
    confirms = forms.IntegerField(label=_("At least N confirmations"), required=False, min_value=0,
                                  max_value=MAX_VOTES)
    disputes = forms.IntegerField(label=_("At least N disputes"), required=False, min_value=0, max_value=MAX_VOTES)
    reason = forms.ChoiceField(
        label=_("Dispute reason"), required=False, choices=_with_any(Vote.Reason.choices, _("Any reason"))
    )
    trust = forms.ChoiceField(
        label=_("Reporter's trust level"), required=False,
        choices=_with_any(Profile.Level.choices, _("Any trust level")),
    )
    sort = forms.ChoiceField(
        label=_("Sort"), required=False, choices=[(k, s.label) for k, s in SORTS.items()]
    )
    near = forms.CharField(label=_("Near (latitude, longitude)"), required=False, max_length=64)
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_VOTES, widget=forms.HiddenInput)
    # Keyset pages: the rows after (or before) this camera in the order; see paging.py.
    after = IdField(required=False, widget=forms.HiddenInput)
    before = IdField(required=False, widget=forms.HiddenInput)

    # Not filters: where the moderator is, which decides nothing about what is shown.
    NOT_FILTERS = ("tab", "sort", "near", *PLACE)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = _district_choices(get_language())

    def clean_near(self) -> tuple[float, float] | None:
        text = self.cleaned_data["near"]
        if not text:
            return None
        match = _POINT.fullmatch(text)
        lat, lon = (float(match.group(1)), float(match.group(2))) if match else (999.0, 999.0)
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise ValidationError(_("Give a point as latitude, longitude, e.g. 22.3193, 114.1694."),
                                  code="not_a_point")
        return lat, lon

    def clean(self) -> dict:
        data = super().clean()
        if data.get("sort") and SORTS[data["sort"]].needs_point and not data.get("near"):
            self.add_error("near", ValidationError(_("Give the point to sort by distance from."), code="needs_point"))
        return data

    # --- reading it

    def value(self, name: str):
        """The cleaned value of a valid field, else None (an invalid filter does not filter)."""
        if name in self.errors or not hasattr(self, "cleaned_data"):
            return None
        return self.cleaned_data.get(name) or None

    @property
    def current_tab(self) -> str:
        return self.value("tab") or Tab.FLAGGED

    @property
    def sort_key(self) -> str:
        sort = self.value("sort") or "oldest"
        return sort if not SORTS[sort].needs_point or self.value("near") else "oldest"

    def problems(self) -> list[str]:
        return [str(m) for name in self.fields if name in self.errors for m in self.errors[name]]

    def is_filtered(self) -> bool:
        return any(self.value(name) is not None for name in self.fields if name not in self.NOT_FILTERS)

    def query(self, *, without: tuple[str, ...] = PLACE, **changes) -> str:
        """This form's query string (only its own fields), minus `without` (by default where in
        the list the moderator is), with `changes`."""
        out = QueryDict(mutable=True)
        for name in self.fields:
            raw = self.data.get(name, "")
            if name not in without and raw != "" and name not in self.errors:
                out[name] = raw
        for name, value in changes.items():
            out[name] = value
        return out.urlencode()

    # --- the cameras it selects

    def filter(self, cameras: QuerySet) -> QuerySet:
        """Narrow `cameras` by every valid filter (call is_valid() first)."""
        v = self.value
        source = v("source") or Source.REAL
        if source == Source.REAL:
            cameras = cameras.filter(is_demo=False)
        elif source != Source.ANY:
            cameras = cameras.filter(source=source)
        if v("district"):
            # An equality on district_id (the pending district index's column), not a join on the code.
            code = District.objects.filter(code=v("district")).values("pk")
            cameras = cameras.filter(district_id=Subquery(code))
        if v("kind"):
            cameras = cameras.filter(kind=v("kind"))
        if v("operator"):
            cameras = cameras.filter(operator=v("operator"))
        if v("photo"):
            # An IN list read once from the (few) photos, not a probe per pending camera.
            has = Q(pk__in=Photo.objects.exclude(status=Photo.Status.REJECTED).values("camera_id"))
            cameras = cameras.filter(has) if v("photo") == "yes" else cameras.exclude(has)
        if v("age"):
            _label, older, younger = _AGES[v("age")]
            now = timezone.now()
            if older is not None:
                cameras = cameras.filter(reported_at__lt=now - older)
            if younger is not None:
                cameras = cameras.filter(reported_at__gte=now - younger)
        if v("confirms") is not None:
            cameras = cameras.filter(confirm_count__gte=v("confirms"))
        if v("disputes") is not None:
            cameras = cameras.filter(dispute_count__gte=v("disputes"))
        if v("reason"):
            cameras = cameras.filter(
                pk__in=Vote.objects.filter(kind=Vote.Kind.DISPUTE, reason=v("reason")).values("camera_id")
            )
        if v("trust"):
            # One IN list of accounts, read once, not two joins probed per pending camera: an equality
            # on camera_pending_reporter_idx, so a level few accounts hold reads only their cameras.
            at_level = Q(trust_profile__level=v("trust"))
            if v("trust") == Profile.Level.NEW:  # an account nobody has recomputed yet is new
                at_level |= Q(trust_profile__isnull=True)
            cameras = cameras.filter(reporter_id__in=get_user_model().objects.filter(at_level).values("pk"))
        return cameras

    @property
    def keys(self) -> list[tuple[str, bool]]:
        return order_keys(SORTS[self.sort_key])

    def matching(self, tab: str | None = None) -> QuerySet:
        """The tab's cameras, filtered and sorted."""
        tab = tab or self.current_tab
        return self.annotated(self.filter(tab_cameras(tab))).order_by(*order_by(self.keys, lead=tab_lead(tab)))

    @property
    def lead(self) -> tuple[str, ...]:
        return tab_lead(self.current_tab)

    def annotated(self, cameras: QuerySet) -> QuerySet:
        sort = SORTS[self.sort_key]
        return cameras if sort.annotate is None else sort.annotate(cameras, {"near": self.value("near")})

    def position(self, pk: int) -> dict | None:
        """The sort keys of camera `pk`, in or out of the tab (one just decided has left it)."""
        return self.annotated(Camera.objects.filter(pk=pk)).values(*(name for name, _d in self.keys)).first()

    def neighbours(self, camera: Camera) -> tuple[int | None, int | None]:
        """The previous and next camera's ids around `camera` in this tab's order (keyset, no offsets)."""
        row = self.position(camera.pk)
        if row is None:
            return None, None
        cameras = self.matching().values_list("pk", flat=True)

        def step(forward: bool) -> list:
            return self.bounded(cameras, lambda rows: beyond(rows, self.keys, row, forward=forward, limit=1,
                                                             lead=self.lead),
                                needed=1, cursor=row, forward=forward)

        before, after = step(False), step(True)
        return (before[0] if before else None), (after[0] if after else None)

    def bounded(self, cameras: QuerySet, fetch: Callable[[QuerySet], list], *, needed: int,
                cursor: dict | None = None, forward: bool = True) -> list:
        """fetch(cameras), which takes rows from the start of the order (or from `cursor` on, or
        back), asking for `needed` of them. Under "nearest" it reads rows near the point only."""
        point = self.value("near")
        if not SORTS[self.sort_key].needs_point:
            return fetch(cameras)
        past = cursor["distance"] if cursor else 0.0
        if cursor and not forward:  # every row before the cursor is at most as far as it
            return fetch(within(cameras, point, past))
        step = NEAR_START
        while past + step < NEAR_MAX:
            found = fetch(within(cameras, point, past + step))
            if len(found) >= needed:
                return found
            step *= NEAR_STEP
        return fetch(cameras)


def beyond(cameras: QuerySet, keys: list[tuple[str, bool]], row: dict, *, forward: bool, limit: int,
           lead: tuple[str, ...] = ()) -> list:
    """Up to `limit` rows of `cameras` strictly after (or before) `row` in the order `keys`, nearest first.

    One query per key, deepest first: (a = x AND b = y AND pk > z), then (a = x AND b > y), then
    (a > x). Each is a plain range on the sort's index, where the one OR of all three makes the
    database read the order from its start, which at 50,000 pending is most of the time of a page."""
    found: list = []
    for depth in range(len(keys) - 1, -1, -1):
        name, desc = keys[depth]
        later = "lt" if desc == forward else "gt"
        same = {n: row[n] for n, _d in keys[:depth]}
        part = cameras.filter(**same, **{f"{name}__{later}": row[name]}).order_by(
            *order_by(keys, forward=forward, lead=lead))
        found += list(part[:limit - len(found)])
        if len(found) >= limit:
            break
    return found
