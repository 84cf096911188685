from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from mapsite.core.views import allow
from mapsite.imports.models import ImportBatch


@allow("GET")
def batch_list(request: HttpRequest) -> HttpResponse:
    # Who ran a batch is for the admin only; the public sees what came in and under which terms.
    batches = ImportBatch.objects.defer("run_by", "undo_note").order_by("-imported_at", "-id")
    return render(request, "imports/list.html", {"batches": batches})
