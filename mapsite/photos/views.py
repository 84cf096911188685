from django.http import Http404, HttpRequest, HttpResponse


def image(request: HttpRequest, pk: int) -> HttpResponse:
    raise Http404
