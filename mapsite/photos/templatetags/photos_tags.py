from django import template

from mapsite.photos.models import Photo

register = template.Library()


@register.simple_tag
def approved_photos(camera) -> list[Photo]:
    """The photos of a camera that anyone may see."""
    if camera is None or not camera.is_public:
        return []
    return list(camera.photos.filter(status=Photo.Status.APPROVED, published_at__isnull=False).order_by("created_at"))
