"""The one way rows are locked for a change: SELECT ... FOR UPDATE, in id order."""

from __future__ import annotations

from django.db import models

from mapsite.core.forms import MAX_ID


class LockingQuerySet(models.QuerySet):
    def lock(self, *pks: int) -> dict[int, models.Model]:
        """The rows with these ids, locked until the transaction ends, by id.

        Always in id order, so two transactions locking the same rows can never
        deadlock on PostgreSQL (SQLite's IMMEDIATE transactions already serialise
        writers). Ids no row can have are left out rather than sent to the database.
        """
        usable = sorted({pk for pk in pks if isinstance(pk, int) and 0 < pk <= MAX_ID})
        if not usable:
            return {}
        return {row.pk: row for row in self.select_for_update().filter(pk__in=usable).order_by("pk")}

    def lock_one(self, pk: int) -> models.Model | None:
        return self.lock(pk).get(pk)
