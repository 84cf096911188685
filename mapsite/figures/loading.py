"""Load official figures from fixtures/official-figures.csv (idempotent)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from django.conf import settings
from django.db import transaction

from mapsite.districts.models import District
from mapsite.figures.models import OfficialFigure

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "official-figures.csv"


def parse_partial_date(text: str) -> tuple[dt.date, str]:
    """'2024-02-23', '2025-07' or '2024' -> (date, precision)."""
    parts = text.strip().split("-")
    if len(parts) == 3:
        return dt.date(int(parts[0]), int(parts[1]), int(parts[2])), OfficialFigure.Precision.DAY
    if len(parts) == 2:
        return dt.date(int(parts[0]), int(parts[1]), 1), OfficialFigure.Precision.MONTH
    if len(parts) == 1 and parts[0]:
        return dt.date(int(parts[0]), 1, 1), OfficialFigure.Precision.YEAR
    raise ValueError(f"Unrecognised date {text!r}")


@transaction.atomic
def load_figures(path: Path = FIXTURE) -> int:
    """Replace all figures with the file's rows; the file is the only source of them."""
    districts = {d.code: d for d in District.objects.all()}
    rows = []
    with Path(path).open(encoding="utf-8", newline="") as fh:
        for line, row in enumerate(csv.DictReader(fh), start=2):
            reported_on, precision = parse_partial_date(row["reported_on"])
            scope = row["scope"].strip()
            code = row["district_code"].strip().upper()
            if scope == OfficialFigure.Scope.DISTRICT and code not in districts:
                raise ValueError(f"{path}:{line}: district {code!r} is not loaded; load districts first")
            unit = row["unit"].strip()
            if unit not in OfficialFigure.Unit.values:
                raise ValueError(f"{path}:{line}: unknown unit {unit!r}")
            rows.append(
                OfficialFigure(
                    reported_on=reported_on,
                    date_precision=precision,
                    scope=scope,
                    district=districts[code] if scope == OfficialFigure.Scope.DISTRICT else None,
                    figure=int(row["figure"]),
                    unit=unit,
                    programme=row["programme"].strip(),
                    programme_zh=row.get("programme_zh", "").strip(),
                    summary=row["summary"].strip(),
                    summary_zh=row.get("summary_zh", "").strip(),
                    source_title=row["source_title"].strip(),
                    publisher=row["publisher"].strip(),
                    url=row["url"].strip(),
                )
            )
    OfficialFigure.objects.all().delete()
    OfficialFigure.objects.bulk_create(rows)
    return len(rows)
