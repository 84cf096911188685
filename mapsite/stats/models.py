"""Monthly counts of public cameras, kept exact by database triggers (triggers.py).

The timeline and the per-district chart read these few rows instead of grouping
a million cameras by month. Months are Hong Kong months, as yyyymm integers.
"""

from __future__ import annotations

from django.db import models

# The rollup value: kind and operator "*" count every kind and operator.
ALL = "*"


class MonthlyCount(models.Model):
    """Public cameras by month, district, kind, operator and source.

    `published` rows count each camera in the month of its publication window;
    `verified` rows count verified cameras in the month they were verified, or of
    their publication if that came later (nothing public is dated finer than it).
    Each camera is counted twice per measure, in its own district: with its own kind
    and operator and with ALL for both. A district's filter reads one key prefix, the
    whole city the sum of the districts'. Rows that fall to zero stay."""

    class Measure(models.TextChoices):
        PUBLISHED = "published"
        VERIFIED = "verified"

    district = models.IntegerField()
    kind = models.CharField(max_length=10)
    operator = models.CharField(max_length=10)
    measure = models.CharField(max_length=9, choices=Measure.choices)
    source = models.CharField(max_length=9)
    month = models.PositiveIntegerField()
    count = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["district", "kind", "operator", "measure", "source", "month"], name="monthlycount_unique_key"
            ),
        ]
        indexes = [
            # Every district's rollup rows (the districts chart, a slider's shading): through the unique
            # key they sit among each district's kind x operator rows, 50 times as many.
            models.Index(
                fields=["district", "measure", "source", "month"],
                condition=models.Q(kind=ALL, operator=ALL),
                name="monthlycount_rollup",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month} {self.district}/{self.kind}/{self.operator} {self.measure} {self.source}: {self.count}"
