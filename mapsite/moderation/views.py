from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from mapsite.audit.models import AuditEntry
from mapsite.cameras.models import Camera
from mapsite.cameras.views import map_zooms
from mapsite.core.errors import Conflict
from mapsite.core.http import done, read_payload
from mapsite.core.views import action, allow
from mapsite.moderation import services
from mapsite.moderation.forms import ActionForm, BulkForm, CorrectionForm, EditForm, MergeForm, PhotoForm
from mapsite.photos.models import Photo
from mapsite.votes.models import Vote

PERM = "moderation.moderate"
QUEUE_LIMIT = 200

_DONE_MESSAGES = {
    services.Decision.VERIFY: gettext_lazy("Camera #%(id)s is verified."),
    services.Decision.REJECT: gettext_lazy("Camera #%(id)s is rejected."),
    services.Decision.REMOVE: gettext_lazy("Camera #%(id)s is marked removed."),
    services.Decision.RESTORE: gettext_lazy("Camera #%(id)s is restored to pending."),
}


def _disputes() -> Prefetch:
    return Prefetch(
        "votes",
        queryset=Vote.objects.filter(kind=Vote.Kind.DISPUTE).order_by("created_at"),
        to_attr="disputes",
    )


def _camera_data(camera: Camera) -> dict:
    return {
        "camera": camera.pk,
        "status": camera.status,
        "version": camera.version,
        "flagged": camera.flagged,
        "confirm_count": camera.confirm_count,
        "dispute_count": camera.dispute_count,
        "merged_into": camera.merged_into_id,
    }


def _queue_url() -> str:
    return reverse("moderation:queue")


def _review_url(pk: int) -> str:
    return reverse("moderation:camera", args=[pk])


def _review_action():
    return action(PERM, back=_review_url, lost="moderation:queue")


def _queue_action():
    return action(PERM, back=lambda **kwargs: _queue_url(), lost="moderation:queue")


@allow("GET")
@login_required
@permission_required(PERM, raise_exception=True)
def queue(request: HttpRequest) -> HttpResponse:
    live = Camera.objects.filter(merged_into__isnull=True).select_related("district")
    pending = live.filter(status=Camera.Status.PENDING, flagged=False).order_by("reported_at", "pk")
    flagged = live.filter(flagged=True).prefetch_related(_disputes()).order_by("updated_at", "pk")
    photos = Photo.objects.filter(status=Photo.Status.PENDING).order_by("created_at", "pk")
    return render(
        request,
        "moderation/queue.html",
        {
            "pending": pending[:QUEUE_LIMIT],
            "pending_count": pending.count(),
            "flagged": flagged[:QUEUE_LIMIT],
            "flagged_count": flagged.count(),
            "photos": photos[:QUEUE_LIMIT],
            "photos_count": photos.count(),
            "limit": QUEUE_LIMIT,
            "bulk_form": BulkForm(),
        },
    )


@allow("GET")
@login_required
@permission_required(PERM, raise_exception=True)
def camera(request: HttpRequest, pk: int) -> HttpResponse:
    cam = get_object_or_404(
        Camera.objects.select_related("district", "merged_into").prefetch_related(_disputes()), pk=pk
    )
    nearby = [
        (round(d), other)
        for d, other in Camera.objects.public().exclude(pk=cam.pk).near(
            cam.latitude, cam.longitude, settings.DUPLICATE_MAX_DISTANCE_M
        )
    ]
    return render(
        request,
        "moderation/camera.html",
        {
            "camera": cam,
            "edit_form": EditForm(camera=cam),
            "nearby": nearby,
            "photos": cam.photos.all(),
            "entries": AuditEntry.objects.filter(camera=cam).select_related("actor")[:100],
            "review_map": {
                "camera": {"id": cam.pk, "lat": cam.latitude, "lon": cam.longitude},
                "nearby": [
                    {"id": o.pk, "lat": o.latitude, "lon": o.longitude, "kind": str(o.get_kind_display())}
                    for _d, o in nearby
                ],
                "labels": {"drag": _("Drag to move the camera"), "original": _("Where it is now")},
                "zooms": map_zooms(),
            },
        },
    )


def _decide_view(decision: str):
    @_review_action()
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        data = ActionForm(read_payload(request)).valid_data()
        cam = services.decide(pk, data["version"], decision, actor=request.user, reason=data["reason"])
        return done(request, _DONE_MESSAGES[decision] % {"id": pk}, _camera_data(cam), back=_queue_url())

    view.__name__ = f"decide_{decision}"
    return view


verify = _decide_view(services.Decision.VERIFY)
reject = _decide_view(services.Decision.REJECT)
remove = _decide_view(services.Decision.REMOVE)
restore = _decide_view(services.Decision.RESTORE)


@_review_action()
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    form = EditForm(read_payload(request))
    data = form.valid_data()
    cam = services.edit(pk, data["version"], actor=request.user, reason=data["reason"], **form.changes())
    return done(request, _("Camera #%(id)s is updated.") % {"id": pk}, _camera_data(cam), back=_review_url(pk))


@_review_action()
def apply_correction(request: HttpRequest, pk: int) -> HttpResponse:
    data = CorrectionForm(read_payload(request)).valid_data()
    cam = services.apply_correction(pk, data["version"], data["vote"], actor=request.user, reason=data["reason"])
    return done(
        request, _("The suggested correction is applied to camera #%(id)s.") % {"id": pk}, _camera_data(cam),
        back=_review_url(pk),
    )


@_review_action()
def merge(request: HttpRequest, pk: int) -> HttpResponse:
    data = MergeForm(read_payload(request)).valid_data()
    result = services.merge(pk, data["version"], data["into"], actor=request.user, reason=data["reason"])
    message = _("Camera #%(dup)s is merged into camera #%(survivor)s.") % {
        "dup": result.duplicate.pk,
        "survivor": result.survivor.pk,
    }
    data = {
        **_camera_data(result.survivor),
        "merged": result.duplicate.pk,
        "votes_moved": result.votes_moved,
        "votes_dropped": result.votes_dropped,
        "photos_moved": result.photos_moved,
    }
    return done(request, message, data, back=_queue_url())


def _photo_view(approve: bool):
    @_queue_action()
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        data = PhotoForm(read_payload(request)).valid_data()
        photo = services.decide_photo(
            pk, approve, actor=request.user, reason=data["reason"], expected_status=data["status"] or None
        )
        message = _("The photo is approved.") if approve else _("The photo is rejected.")
        return done(request, message, {"photo": photo.pk, "status": photo.status}, back=_queue_url())

    view.__name__ = "approve_photo" if approve else "reject_photo"
    return view


approve_photo = _photo_view(True)
reject_photo = _photo_view(False)


@_queue_action()
def bulk(request: HttpRequest) -> HttpResponse:
    data = BulkForm(read_payload(request, lists=("cameras",))).valid_data()
    result = services.bulk_decide(data["items"], data["decision"], actor=request.user, reason=data["reason"])
    verb = data["decision"]
    if verb == services.Decision.VERIFY:
        message = ngettext("%(n)d camera verified.", "%(n)d cameras verified.", len(result.done))
    else:
        message = ngettext("%(n)d camera rejected.", "%(n)d cameras rejected.", len(result.done))
    message = message % {"n": len(result.done)}
    if result.failed:
        message += " " + " ".join(
            _("Camera #%(id)s: %(why)s") % {"id": camera_id, "why": why} for camera_id, why in result.failed
        )
    if result.failed and not result.done:
        raise Conflict(message)
    return done(request, message, {"done": result.done, "failed": [c for c, _w in result.failed]}, back=_queue_url())


@allow("GET")
@login_required
@permission_required(PERM, raise_exception=True)
def audit(request: HttpRequest) -> HttpResponse:
    from django.core.paginator import Paginator

    from mapsite.audit.forms import AuditFilterForm

    form = AuditFilterForm(request.GET)
    form.is_valid()  # an invalid filter is shown as a problem; the valid ones still apply
    entries = form.filter(AuditEntry.objects.select_related("actor"))
    filters = {name: form[name].value() or "" for name in form.fields}
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "moderation/audit.html",
        {
            "page": page,
            "filters": filters,
            "problems": form.problems(),
            "actions": AuditEntry.Action.choices,
            "roles": AuditEntry.Role.choices,
            "query": query.urlencode(),
        },
    )
