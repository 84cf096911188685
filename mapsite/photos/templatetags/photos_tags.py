from django import template
from django.utils.translation import gettext as _

from mapsite.cameras.features import url_template
from mapsite.photos.models import Photo

register = template.Library()


@register.simple_tag
def approved_photos(camera) -> list[Photo]:
    """The photos of a camera that anyone may see."""
    if camera is None or not camera.is_public:
        return []
    return list(Photo.objects.public_of(camera.pk))


@register.simple_tag
def own_pending_photos(camera, user) -> list[Photo]:
    """The photos this resident sent of this camera that a moderator has not yet approved."""
    if camera is None or not getattr(user, "is_authenticated", False):
        return []
    return list(camera.photos.filter(uploader=user, status=Photo.Status.PENDING).order_by("created_at"))


@register.inclusion_tag("photos/_boxes.html")
def blurred_boxes(photo, css_class: str = "") -> dict:
    """An SVG over the photo outlining every blurred region. SVG attributes, not
    style attributes: the site's CSP allows no inline styles."""
    boxes = [box for box in (photo.boxes or []) if isinstance(box, dict)]
    return {"boxes": boxes, "css_class": css_class}


@register.simple_tag
def popup_photos_config() -> dict:
    """What photos/popup-photos.js needs: the photos URL with "{pk}", the image's text, how many to show."""
    return {"url": url_template("photos:camera_photos", pk=987654321), "alt": _("Photo of this camera"), "max": 3}
