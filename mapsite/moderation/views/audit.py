"""The audit log for moderators: every entry, filtered, 50 a page."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from mapsite.audit.forms import AuditFilterForm
from mapsite.audit.models import AuditEntry
from mapsite.moderation import undo
from mapsite.moderation.views.common import page


@page
def audit(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET)
    form.is_valid()  # an invalid filter is shown as a problem; the valid ones still apply
    entries = form.filter(AuditEntry.objects.select_related("actor"))
    filters = {name: form[name].value() or "" for name in form.fields}
    paged = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "moderation/audit.html",
        {
            "page": paged,
            "filters": filters,
            "problems": form.problems(),
            "actions": AuditEntry.Action.choices,
            "roles": AuditEntry.Role.choices,
            "query": query.urlencode(),
            "undone": undo.undone_ids([e.pk for e in paged.object_list]),
            "undoable": undo.UNDOABLE,
        },
    )
