from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from mapsite.cameras.models import Camera
from mapsite.cameras.osm import to_tags

# A merge chain longer than this is a data fault (or a cycle), not a real history.
MAX_MERGE_HOPS = 20


@require_GET
def map_page(request: HttpRequest) -> HttpResponse:
    return render(request, "cameras/map.html", {})


def _survivor(camera: Camera) -> Camera:
    """The camera a merged one ended up in, following merges of merges."""
    seen = {camera.pk}
    while camera.merged_into_id is not None and len(seen) <= MAX_MERGE_HOPS:
        nxt = Camera.objects.only("id", "merged_into").get(pk=camera.merged_into_id)
        if nxt.pk in seen:
            break
        seen.add(nxt.pk)
        camera = nxt
    return camera


@require_GET
def camera_detail(request: HttpRequest, pk: int) -> HttpResponse:
    camera = get_object_or_404(Camera.objects.select_related("district"), pk=pk)
    if camera.merged_into_id is not None:
        survivor = _survivor(camera)
        if survivor.pk != camera.pk:
            return HttpResponsePermanentRedirect(survivor.get_absolute_url())
    map_data = None
    if camera.is_public:
        map_data = {
            "lat": camera.latitude,
            "lon": camera.longitude,
            "direction": camera.direction,
            "fov": camera.field_of_view,
            "status": camera.status,
            "label": _("Camera location"),
        }
    context = {
        "camera": camera,
        "tags": sorted(to_tags(camera).items()),
        "map_data": map_data,
        "stale_after_days": settings.STALE_AFTER_DAYS,
    }
    return render(request, "cameras/detail.html", context)
