"""Atom feeds of newly published and newly verified cameras, territory-wide and per district.

Entries are dated to the day, at midnight Hong Kong time: the day of the camera's
publication window, or of its verification when that came later. No entry names
anyone, and nothing in a feed is timed more finely than that day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from heapq import merge

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from mapsite.cameras.models import Camera
from mapsite.districts.models import District

ENTRIES = 50


def midnight(moment: dt.datetime) -> dt.datetime:
    """The start of moment's day in Hong Kong."""
    return timezone.make_aware(dt.datetime.combine(timezone.localdate(moment), dt.time()))


class DayAtomFeed(Atom1Feed):
    def latest_post_date(self) -> dt.datetime:
        # An empty feed would otherwise say the current second.
        return super().latest_post_date() if self.items else midnight(timezone.now())


@lru_cache(maxsize=8)
def _names(language: str | None) -> dict[str, dict[str, str]]:
    """Choice labels in `language`, looked up once: get_FOO_display() per entry cost the
    feed more than its queries (each call hashes every lazy label)."""
    return {
        field: {value: str(label) for value, label in Camera._meta.get_field(field).choices}
        for field in ("kind", "operator", "status", "source")
    }


@dataclass(frozen=True)
class Entry:
    day: dt.datetime
    event: str  # "published" or "verified"
    camera: Camera
    names: dict[str, str]  # the camera's kind, operator, status and source, in words

    @classmethod
    def of(cls, day: dt.datetime, event: str, camera: Camera, names: dict) -> Entry:
        return cls(day, event, camera, {field: names[field].get(getattr(camera, field), "") for field in names})


def entries(district: District | None = None) -> list[Entry]:
    """The latest ENTRIES events, newest day first: two index walks of ENTRIES rows each
    ((district,) published_at and (district,) verified_at), merged here."""
    public = Camera.objects.public().with_district()
    if district is not None:
        public = public.filter(district=district)
    published = public.exclude(is_demo=True).order_by("-published_at", "-id")[:ENTRIES]
    verified = (
        public.exclude(is_demo=True).filter(status=Camera.Status.VERIFIED, verified_at__isnull=False)
        .order_by("-verified_at", "-id")[:ENTRIES]
    )
    names = _names(get_language())
    streams = (
        (Entry.of(midnight(c.published_at), "published", c, names) for c in published),
        (Entry.of(midnight(max(c.verified_at, c.published_at)), "verified", c, names) for c in verified),
    )
    return list(merge(*streams, key=lambda e: (e.day, e.camera.pk), reverse=True))[:ENTRIES]


class CameraFeed(Feed):
    feed_type = DayAtomFeed
    author_name = gettext_lazy("Hong Kong Camera Map")

    def title(self, obj: District | None) -> str:
        if obj is None:
            return _("Hong Kong Camera Map: newly published and verified cameras")
        return _("Hong Kong Camera Map: cameras in %(district)s") % {"district": obj.name}

    def subtitle(self, obj: District | None) -> str:
        return _("Cameras as they are published and verified, dated to the day. No one is named.")

    def link(self, obj: District | None) -> str:
        return obj.get_absolute_url() if obj is not None else reverse("cameras:map")

    def items(self, obj: District | None) -> list[Entry]:
        return entries(obj)

    def item_title(self, item: Entry) -> str:
        camera = item.camera
        values = {"kind": item.names["kind"], "id": camera.pk, "district": camera.district.name}
        if item.event == "verified":
            return _("Verified: %(kind)s #%(id)s in %(district)s") % values
        return _("Published: %(kind)s #%(id)s in %(district)s") % values

    def item_description(self, item: Entry) -> str:
        return _("%(kind)s, operated by %(operator)s. Status: %(status)s. Source: %(source)s.") % item.names

    def item_link(self, item: Entry) -> str:
        return item.camera.get_absolute_url()

    def item_guid(self, item: Entry) -> str:
        # One entry per camera and event and day: a camera verified again later is new news.
        return f"tag:hk-camera-map,2026:camera/{item.camera.pk}/{item.event}/{item.day.date().isoformat()}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Entry) -> dt.datetime:
        return item.day

    def item_updateddate(self, item: Entry) -> dt.datetime:
        return item.day


class DistrictFeed(CameraFeed):
    def get_object(self, request, code: str) -> District:
        district = District.objects.without_shapes().filter(code=code.upper()).first()
        if district is None:
            raise Http404(_("Unknown district code."))
        return district
