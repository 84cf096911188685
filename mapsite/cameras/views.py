from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from mapsite.cameras.features import url_template
from mapsite.cameras.models import Camera
from mapsite.cameras.osm import to_tags
from mapsite.core.views import allow
from mapsite.figures.models import OfficialFigure
from mapsite.lib.modules import module_graph
from mapsite.moderation.roles import is_moderator
from mapsite.publication.windows import report_waiting_until

# A merge chain longer than this is a data fault (or a cycle), not a real history.
MAX_MERGE_HOPS = 20


def map_zooms() -> dict:
    """The zooms every page's map script reads instead of repeating numbers."""
    return {
        "cone": settings.CONE_ZOOM,
        "cameras": settings.CAMERA_MIN_ZOOM,
        "min": settings.LEAFLET_CONFIG["MIN_ZOOM"],
        "max": settings.TILE_MAX_ZOOM,
    }


def map_labels() -> dict:
    """Every string the map's scripts (cameras/map/) show, translated into the active language."""
    return {
        "kind": dict(Camera.Kind.choices),
        "operator": dict(Camera.Operator.choices),
        "status": {str(s): label for s, label in Camera.Status.choices if s in Camera.PUBLIC_STATUSES},
        "unit": dict(OfficialFigure.Unit.choices),
        "source": dict(Camera.Source.choices),
        "text": {
            "operator": _("Operator"),
            "status": _("Status"),
            "reported_on": _("Reported"),
            "last_confirmed_on": _("Last confirmed"),
            "never_confirmed": _("Not yet confirmed"),
            "stale": _("Not confirmed for a long time: it may be gone."),
            "direction": _("Faces"),
            "degrees": _("{n}°"),
            "notes": _("Notes"),
            "camera_page": _("Camera page"),
            "cameras_layer": _("Cameras"),
            "districts_layer": _("Districts"),
            "reported_count": _("Reported cameras"),
            "verified_count": _("Verified cameras"),
            "per_km2": _("Reported cameras per km²"),
            "legend_reported": _("Reported cameras"),
            "legend_per_km2": _("Reported cameras per km²"),
            "legend_per_1000": _("Cameras per 1,000 residents"),
            "per_1000_residents": _("Cameras per 1,000 residents"),
            "per_1000_estimate": _(
                "Territory-wide, an estimate puts all government cameras at about 7 per 1,000 people "
                "(Comparitech, as reported by CNN, 2024). Population: 2021 Census."
            ),
            "residents_count": _("Reported by residents"),
            "official_count": _("Officially published"),
            "legend_residents": _("Reported by residents"),
            "legend_official": _("Published by the Transport Department"),
            "published_by": _("Published by the {publisher}"),
            "published_by_list": _("Published by the {publisher} (list of {date})"),
            "official_figures": _("Official figures"),
            "no_official_figures": _("No official figures published for this district."),
            "district_page": _("District page"),
            "source": _("Source"),
            "provenance": _("Where it comes from"),
            "cluster_title": _("{count} cameras here ({verified} verified). Click to zoom in."),
            "cluster_title_deepest": _("{count} cameras here ({verified} verified). Click to show each one."),
            "truncated_here": _("Showing {shown} of the {total} cameras here."),
            "nothing_selected": _("No cameras match: choose at least one kind, operator and status."),
            "load_error": _("Could not load cameras. Move the map to try again."),
            "district_load_error": _("Could not load the districts."),
            "only": _("only"),
            "only_label": _("Show only {name}"),
            "list_distance": _("{m} m from the centre"),
            "list_show": _("Show on the map"),
            "list_page": _("Page {page} of {pages}"),
            "list_count": _("Cameras in view: {count}, nearest to the centre first."),
            "list_none": _("No cameras in view."),
            "list_too_many": _("Cameras in view: {total}. Zoom in to list them."),
            "zoom_in": _("Zoom in"),
            "zoom_out": _("Zoom out"),
            "district_boundaries": _("District boundaries: Home Affairs Department, HKSAR Government / DATA.GOV.HK"),
            **route_labels(),
            "timeline_now": _("Now"),
            "timeline_play": _("Play"),
            "timeline_pause": _("Pause"),
            "timeline_cameras": _("Cameras reported by the end of {month}; district shading as of {month}."),
            "timeline_zoom_in": _("Zoom in to see the cameras as of {month}; district shading shows {month}."),
            "timeline_load_error": _("Could not load the district counts for {month}."),
            "legend_as_of": _("{title}, as of {month}"),
        },
    }


def route_labels() -> dict:
    """The strings of "How watched is my walk?" (cameras/map/route.js)."""
    return {
        "route_draw": _("Draw on the map"),
        "route_drawing": _("Click the map to add points. Click here again to stop."),
        "route_points": _("Route points: {points}. Length: {km} km."),
        "route_empty": _("No route yet. Draw one or load a GPX file."),
        "route_too_long": _("This route is longer than {km} km. Load a shorter one."),
        "route_too_many_points": _("This route has more than {points} points. Load a simpler one."),
        "route_too_few_points": _("A route needs at least two points."),
        "route_malformed": _("This file is not a GPX file with a track, route or waypoints we can read."),
        "route_file_too_big": _("This file is too big to be a route of at most {km} km."),
        "route_checking": _("Looking for cameras along the route…"),
        "route_error": _("Could not load the cameras along the route. Try again."),
        "route_incomplete": _(
            "Incomplete: there are too many cameras along part of this route to load them all, "
            "so more cameras may see it than shown."
        ),
        # xgettext:no-python-format
        "route_share": _("{percent}% of the route ({in_view} m of {length} m) is in view of a camera."),
        "route_cameras": _("Cameras that could see this route: {count}."),
        "route_none": _("No known camera could see this route."),
        "route_by_operator": _("By operator"),
        "route_by_kind": _("By kind"),
        "route_count": _("{label}: {count}"),
        "route_layer": _("My route"),
        "route_gpx_name": _("My route"),
    }


@allow("GET")
def map_page(request: HttpRequest) -> HttpResponse:
    territory_figures = OfficialFigure.objects.filter(scope=OfficialFigure.Scope.TERRITORY).order_by(
        "-reported_on", "-figure"
    )
    config = {
        "lang": get_language(),
        "cameras_url": reverse("cameras_api:cameras"),
        "tiles_url": url_template("tiles:tile", z=987654321, x=987654322, y=987654323),
        "tiles_versions_url": reverse("tiles:versions"),
        "districts_url": reverse("districts_api:districts"),
        # The "as of" slider: its months, and each month's district counts.
        "stats_timeline_url": reverse("stats_api:timeline"),
        "stats_districts_url": reverse("stats_api:districts"),
        "camera_url": url_template("cameras:detail", pk=987654321),
        "district_url": url_template("districts:detail", code="zz"),
        "zooms": map_zooms(),
        "route_ranges": settings.ROUTE_RANGE_M,
    }
    context = {
        "map_config": config,
        "map_labels": map_labels(),
        "kinds": Camera.Kind.choices,
        "operators": Camera.Operator.choices,
        "statuses": [(s, label) for s, label in Camera.Status.choices if s in Camera.PUBLIC_STATUSES],
        "territory_figures": territory_figures,
        "map_modules": module_graph("cameras/map/main.js"),
    }
    return render(request, "cameras/map.html", context)


def _survivor(camera: Camera) -> Camera | None:
    """The camera a merged one ended up in, following merges of merges; None when the chain
    comes back on itself or runs too long (a data fault): then no camera is the survivor, and
    redirecting would send a browser round the cycle for ever."""
    seen = {camera.pk}
    while camera.merged_into_id is not None:
        if camera.merged_into_id in seen or len(seen) > MAX_MERGE_HOPS:
            return None
        camera = Camera.objects.only("id", "merged_into").get(pk=camera.merged_into_id)
        seen.add(camera.pk)
    return camera


@allow("GET")
def camera_detail(request: HttpRequest, pk: int) -> HttpResponse:
    camera = get_object_or_404(Camera.objects.with_district(), pk=pk)
    if camera.published_at is None and not _sees_before_publication(request, camera):
        raise Http404  # a report waiting for its window does not exist for anyone else until then
    waiting_until = report_waiting_until(camera)
    if camera.merged_into_id is not None:
        survivor = _survivor(camera)
        if survivor is not None:
            # ?from= lets the survivor's page say where the visitor was sent from.
            return HttpResponsePermanentRedirect(f"{survivor.get_absolute_url()}?from={camera.pk}")
    map_data = None
    if camera.is_public or waiting_until:
        map_data = {
            "lat": camera.latitude,
            "lon": camera.longitude,
            "direction": camera.direction,
            "fov": camera.field_of_view,
            "status": camera.status,
            "zooms": map_zooms(),
        }
    context = {
        "camera": camera,
        "tags": sorted(to_tags(camera).items()),
        "map_data": map_data,
        "stale_after_days": settings.STALE_AFTER_DAYS,
        "merged_from": _merged_from(request, camera),
        "waiting_until": waiting_until,
        "yours": camera.is_reported_by(request.user),
    }
    response = render(request, "cameras/detail.html", context)
    if camera.published_at is None:
        add_never_cache_headers(response)  # one account's view, never a shared cache's
    return response


def _sees_before_publication(request: HttpRequest, camera: Camera) -> bool:
    """Whether this visitor may see a camera its publication window has not yet made public:
    its reporter and moderators only."""
    user = request.user
    return camera.is_reported_by(user) or is_moderator(user)


def _merged_from(request: HttpRequest, camera: Camera) -> int | None:
    """The camera number in ?from=, if that camera was merged into this one (else nothing is said)."""
    raw = request.GET.get("from", "")
    if not raw.isascii() or not raw.isdigit() or len(raw) > 18:
        return None
    return Camera.objects.filter(pk=int(raw), merged_into=camera).values_list("pk", flat=True).first()
