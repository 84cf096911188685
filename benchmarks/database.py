"""Which database the benchmark talks to: configured before Django starts, switched between sizes."""

from __future__ import annotations

import os
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / ".data"


def sqlite_file(n: int) -> Path:
    """Each size keeps its own scratch file, so a seeded size is reused and never touches the dev database."""
    return DATA / f"bench-{n}.sqlite3"


def configure(db_path: Path | None) -> None:
    """Point Django at the benchmark database; must run before Django is set up."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mapsite.settings")
    os.environ.setdefault("PUBLISH_WINDOW_HOURS", "0")  # measured as before publication windows: at once
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,localhost,testserver"
    # Thousands of requests from one client would otherwise be throttled, not measured.
    os.environ["RATELIMIT_ENABLE"] = "false"
    os.environ.setdefault("DEBUG", "false")
    warnings.filterwarnings("ignore", message="No directory at")
    if db_path is not None:
        os.environ["SQLITE_PATH"] = str(db_path)


def start(db_path: Path | None) -> None:
    """configure(), django.setup(), then migrate and load the districts if this database lacks them."""
    configure(db_path)
    import django

    django.setup()
    prepare_schema()
    from mapsite.lib.deployment import settle_heap

    settle_heap()  # as a gunicorn worker does once it has loaded the site (gunicorn_conf.post_worker_init)


def vendor() -> str:
    from django.db import connection

    return connection.vendor


def prepare_schema() -> None:
    from django.core.management import call_command

    from mapsite.districts.loading import load_districts
    from mapsite.districts.models import District
    from mapsite.figures.loading import load_figures

    call_command("migrate", verbosity=0, interactive=False)
    if District.objects.count() != 18:
        load_districts()
        load_figures()


def use_database(db: Path | None) -> None:
    """Point the default connection at another benchmark file (SQLite) and forget built features."""
    from django.db import connection, connections

    from mapsite.tiles import services as tile_services

    if db is not None:
        connection.close()
        connections["default"].settings_dict["NAME"] = str(db)
    # The feature memo is keyed by row, not by database: one size's features must not serve another's.
    tile_services._fragments.clear()
