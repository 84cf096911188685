from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class OfficialFigure(models.Model):
    """A publicly reported camera figure, as reported, with its source.

    Units differ (cameras, camera sets of 2-3 cameras, locations), so figures are
    only ever shown side by side, never summed.
    """

    class Scope(models.TextChoices):
        TERRITORY = "territory", _("Territory-wide")
        DISTRICT = "district", _("District")

    class Unit(models.TextChoices):
        CAMERAS = "cameras", _("cameras")
        CAMERA_SETS = "camera sets", _("camera sets")
        LOCATIONS = "locations", _("locations")

    class Precision(models.TextChoices):
        DAY = "day", _("day")
        MONTH = "month", _("month")
        YEAR = "year", _("year")

    reported_on = models.DateField(_("reported on"))
    # Some sources give only a month or a year; the date is then the first day of
    # it and this says how much of it to show.
    date_precision = models.CharField(max_length=5, choices=Precision.choices, default=Precision.DAY)
    scope = models.CharField(_("scope"), max_length=9, choices=Scope.choices)
    district = models.ForeignKey(
        "districts.District",
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="official_figures",
    )
    figure = models.PositiveIntegerField(_("figure"))
    unit = models.CharField(_("unit"), max_length=11, choices=Unit.choices)
    programme = models.CharField(_("programme"), max_length=100)
    summary = models.TextField(_("summary"))
    # The same in Traditional Chinese, as the fixture gives it; blank falls back to the English.
    programme_zh = models.CharField(_("programme (Chinese)"), max_length=100, blank=True)
    summary_zh = models.TextField(_("summary (Chinese)"), blank=True)
    source_title = models.CharField(_("source title"), max_length=300)
    publisher = models.CharField(_("publisher"), max_length=200)
    url = models.URLField(_("source URL"), max_length=500, blank=True)

    class Meta:
        ordering = ["-reported_on", "-figure"]
        verbose_name = _("official figure")
        verbose_name_plural = _("official figures")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(scope="district", district__isnull=False)
                    | models.Q(scope="territory", district__isnull=True)
                ),
                name="figure_scope_matches_district",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.figure} {self.unit} ({self.reported_on})"

    @property
    def date_display(self) -> str:
        if self.date_precision == self.Precision.YEAR:
            return f"{self.reported_on:%Y}"
        if self.date_precision == self.Precision.MONTH:
            return f"{self.reported_on:%Y-%m}"
        return self.reported_on.isoformat()

    @property
    def programme_display(self) -> str:
        return self._in_language(self.programme, self.programme_zh)

    @property
    def summary_display(self) -> str:
        return self._in_language(self.summary, self.summary_zh)

    @staticmethod
    def _in_language(english: str, chinese: str) -> str:
        return chinese if chinese and (get_language() or "").startswith("zh") else english

    def as_json(self) -> dict:
        return {
            "date": self.date_display,
            "scope": self.scope,
            "district": self.district.code if self.district_id else None,
            "figure": self.figure,
            "unit": self.unit,
            "unit_label": str(self.get_unit_display()),
            # Both languages: the districts API is language-neutral, cached once for all visitors.
            "programme": self.programme,
            "programme_zh": self.programme_zh or self.programme,
            "summary": self.summary,
            "summary_zh": self.summary_zh or self.summary,
            "source_title": self.source_title,
            "publisher": self.publisher,
            "url": self.url,
        }
