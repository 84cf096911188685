from django import template

from mapsite.changes.models import mirror_of

register = template.Library()


@register.inclusion_tag("changes/mirror_notice.html")
def mirror_notice() -> dict:
    """"This is a mirror of <source>" when this site copies another, for the site's footer."""
    return {"source": mirror_of()}
