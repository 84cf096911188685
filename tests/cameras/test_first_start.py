"""scripts/serve loads the districts, the figures and the Transport Department's cameras on
first start, and running it again changes nothing."""

import io
import shlex
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from mapsite.cameras.models import Camera
from mapsite.figures.models import OfficialFigure
from mapsite.imports.models import ImportBatch
from mapsite.imports.undo import undo_batch

SERVE = Path(settings.BASE_DIR) / "scripts" / "serve"
SKIPPED = {"migrate", "collectstatic"}  # the test database is migrated; static files are not data


def load_steps() -> list[list[str]]:
    steps = []
    for line in SERVE.read_text().splitlines():
        if "manage.py" in line and not line.lstrip().startswith("#"):
            args = shlex.split(line.split("manage.py", 1)[1])
            if args[0] not in SKIPPED:
                steps.append(args)
    return steps


def first_start():
    for args in load_steps():
        call_command(*args, stdout=io.StringIO())


def test_serve_loads_the_official_cameras(db):
    assert ["import_cameras", "fixtures/td-traffic-cameras-2019.xml", "--list-date", "2019-08", "--once"] in (
        load_steps())
    first_start()
    assert Camera.objects.filter(source=Camera.Source.OFFICIAL, status=Camera.Status.VERIFIED).count() == 210
    assert OfficialFigure.objects.filter(figure=11000).exists()
    batch = ImportBatch.objects.get()
    assert batch.provenance == "Published by the Transport Department (list of August 2019)"


def test_serve_again_changes_nothing(db):
    first_start()
    before = sorted(Camera.objects.values_list("id", "import_ref", "latitude", "longitude", "status"))
    first_start()
    assert sorted(Camera.objects.values_list("id", "import_ref", "latitude", "longitude", "status")) == before
    assert ImportBatch.objects.count() == 1


def test_serve_does_not_bring_back_an_undone_batch(db):
    first_start()
    undo_batch(ImportBatch.objects.get())
    first_start()
    assert not Camera.objects.exists()
    assert ImportBatch.objects.count() == 1
