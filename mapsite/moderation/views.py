from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse


@login_required
@permission_required("moderation.moderate", raise_exception=True)
def queue(request: HttpRequest) -> HttpResponse:
    return HttpResponse("not implemented", status=501)
