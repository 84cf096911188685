from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class DistrictQuerySet(models.QuerySet):
    def without_shapes(self) -> DistrictQuerySet:
        """Names, codes and figures only: the two shapes are most of a row's bytes, and decoding
        them is wasted wherever only a name is shown."""
        return self.defer(*District.SHAPES)


class District(models.Model):
    """One of the 18 District Council districts, keyed by its official letter code."""

    code = models.CharField(_("code"), max_length=1, unique=True)
    name_en = models.CharField(_("English name"), max_length=64)
    name_zh = models.CharField(_("Chinese name"), max_length=16)
    area_km2 = models.FloatField(_("area (km²)"))
    # 2021 Population Census (Census and Statistics Department); fixtures/district-population-2021.csv.
    population = models.PositiveIntegerField(_("population (2021 Census)"), null=True, blank=True)
    # Exact boundary (GeoJSON geometry) for point lookup, and a simplified copy
    # that is small enough to send to browsers.
    boundary = models.JSONField(_("boundary"))
    display_boundary = models.JSONField(_("display boundary"))
    SHAPES = ("boundary", "display_boundary")

    objects = DistrictQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        constraints = [
            models.CheckConstraint(condition=models.Q(area_km2__gt=0), name="district_area_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("districts:detail", args=[self.code.lower()])

    @classmethod
    def shapes_via(cls, relation: str) -> list[str]:
        """The shapes as reached from another model, to defer after select_related(relation)."""
        return [f"{relation}__{name}" for name in cls.SHAPES]

    @property
    def name(self) -> str:
        """The display name in the active language."""
        return self.name_zh if (get_language() or "").startswith("zh") else self.name_en

    @property
    def other_name(self) -> str:
        return self.name_en if (get_language() or "").startswith("zh") else self.name_zh
