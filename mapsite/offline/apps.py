from django.apps import AppConfig


class OfflineConfig(AppConfig):
    """The installable web app: its manifest, its icons, the service worker and the offline queue's script."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "mapsite.offline"
