"""The moderators' actions on one camera or photo, and undo. Each is thin: a form
checks the post, a service does the change and writes the audit entry."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mapsite.core.http import done, read_payload
from mapsite.moderation import merging, services, undo
from mapsite.moderation.forms import ActionForm, CorrectionForm, EditForm, MergeForm, PhotoForm
from mapsite.moderation.views.common import camera_data, queue_action, queue_url, review_action, review_url

_DONE_MESSAGES = {
    services.Decision.VERIFY: gettext_lazy("Camera #%(id)s is verified."),
    services.Decision.REJECT: gettext_lazy("Camera #%(id)s is rejected."),
    services.Decision.REMOVE: gettext_lazy("Camera #%(id)s is marked removed."),
    services.Decision.RESTORE: gettext_lazy("Camera #%(id)s is restored to pending."),
}


def _decide_view(decision: str):
    @review_action()
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        data = ActionForm(read_payload(request)).valid_data()
        cam = services.decide(pk, data["version"], decision, actor=request.user, reason=data["reason"])
        return done(request, _DONE_MESSAGES[decision] % {"id": pk}, camera_data(cam), back=queue_url())

    view.__name__ = f"decide_{decision}"
    return view


verify = _decide_view(services.Decision.VERIFY)
reject = _decide_view(services.Decision.REJECT)
remove = _decide_view(services.Decision.REMOVE)
restore = _decide_view(services.Decision.RESTORE)


@review_action()
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    form = EditForm(read_payload(request))
    data = form.valid_data()
    cam = services.edit(pk, data["version"], actor=request.user, reason=data["reason"], **form.changes())
    return done(request, _("Camera #%(id)s is updated.") % {"id": pk}, camera_data(cam), back=review_url(pk))


@review_action()
def apply_correction(request: HttpRequest, pk: int) -> HttpResponse:
    data = CorrectionForm(read_payload(request)).valid_data()
    cam = services.apply_correction(pk, data["version"], data["vote"], actor=request.user, reason=data["reason"])
    return done(
        request, _("The suggested correction is applied to camera #%(id)s.") % {"id": pk}, camera_data(cam),
        back=review_url(pk),
    )


@review_action()
def merge(request: HttpRequest, pk: int) -> HttpResponse:
    form = MergeForm(read_payload(request))
    data = form.valid_data()
    result = merging.merge(pk, data["version"], data["into"], actor=request.user, reason=data["reason"],
                           take=form.taken())
    message = _("Camera #%(dup)s is merged into camera #%(survivor)s.") % {
        "dup": result.duplicate.pk,
        "survivor": result.survivor.pk,
    }
    data = {
        **camera_data(result.survivor),
        "merged": result.duplicate.pk,
        "votes_moved": result.votes_moved,
        "votes_dropped": result.votes_dropped,
        "photos_moved": result.photos_moved,
    }
    return done(request, message, data, back=queue_url())


def _photo_view(approve: bool):
    @queue_action()
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        data = PhotoForm(read_payload(request)).valid_data()
        photo = services.decide_photo(
            pk, approve, actor=request.user, reason=data["reason"], expected_status=data["status"] or None
        )
        message = _("The photo is approved.") if approve else _("The photo is rejected.")
        return done(request, message, {"photo": photo.pk, "status": photo.status}, back=queue_url())

    view.__name__ = "approve_photo" if approve else "reject_photo"
    return view


approve_photo = _photo_view(True)
reject_photo = _photo_view(False)


@queue_action()
def undo_entry(request: HttpRequest, pk: int) -> HttpResponse:
    data = ActionForm(read_payload(request)).valid_data()
    entry = undo.undo(pk, data["version"], actor=request.user, reason=data["reason"])
    message = _("Undone: %(action)s on camera #%(id)s.") % {"action": entry.get_action_display(),
                                                          "id": entry.camera_id}
    return done(request, message, {"undone": entry.pk, "camera": entry.camera_id},
                back=queue_url("tab=decided"))
