from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()


@register.simple_tag
def place_search_config() -> dict:
    """The search box's endpoint and labels, translated, for place-search.js and the map's UX modules."""
    return {
        "url": reverse("places_api:search"),
        "labels": {
            "none": _("No place by that name. Try a district, station or housing estate."),
            "failed": _("Search is not available just now."),
            "results": _("{n} places found; use the up and down arrows to choose."),
            "one_result": _("1 place found; press Enter to go there."),
            "locate": _("Locate me"),
            "locate_title": _("Show where I am (your position stays in your browser)"),
            "locate_failed": _("Your position is not available."),
            "locate_outside": _("You seem to be outside Hong Kong; the map stays where it is."),
            "map_label": _("Map of reported cameras. Use the arrow keys to pan, plus and minus to zoom."),
            "legend_hide": _("Hide legend"),
            "legend_show": _("Show legend"),
            "cluster_one": ngettext(
                "{count} camera here ({verified} verified). Click to zoom in.",
                "{count} cameras here ({verified} verified). Click to zoom in.",
                1,
            ),
            "cluster_one_deepest": ngettext(
                "{count} camera here ({verified} verified). Click to show it.",
                "{count} cameras here ({verified} verified). Click to show each one.",
                1,
            ),
        },
    }
