"""The words the charts and tables use, translated for the page (the API itself is language-neutral)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from mapsite.figures.models import OfficialFigure


def series_labels() -> dict[str, str]:
    return {
        "total": _("All cameras on this site"),
        "residents": _("Reported by residents"),
        "verified": _("Verified"),
        "official": _("Officially published (operators' own lists)"),
    }


def unit_labels() -> dict[str, str]:
    return {value: str(label) for value, label in OfficialFigure.Unit.choices}


def figure_label(programme: str, unit: str) -> str:
    unit = unit_labels().get(unit, unit)
    return _("Official figure: %(programme)s, %(unit)s") % {"programme": programme, "unit": unit}


def chart_labels() -> dict:
    """Everything timeline.js writes on the chart."""
    return {
        "series": series_labels(),
        "units": unit_labels(),
        "month": _("Month"),
        "log_scale": _("%(unit)s (log scale)"),
        "failed": _("The chart could not be drawn. The table below has the same numbers."),
    }
