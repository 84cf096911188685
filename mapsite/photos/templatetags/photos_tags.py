from django import template

from mapsite.photos.models import Photo

register = template.Library()


@register.simple_tag
def approved_photos(camera) -> list[Photo]:
    """The photos of a camera that anyone may see."""
    if camera is None or not camera.is_public:
        return []
    return list(camera.photos.filter(status=Photo.Status.APPROVED, published_at__isnull=False).order_by("created_at"))


@register.inclusion_tag("photos/_boxes.html")
def blurred_boxes(photo, css_class: str = "") -> dict:
    """An SVG over the photo outlining every blurred region. SVG attributes, not
    style attributes: the site's CSP allows no inline styles."""
    boxes = [box for box in (photo.boxes or []) if isinstance(box, dict)]
    return {"boxes": boxes, "css_class": css_class}
