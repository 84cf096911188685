"""manage.py mirror URL, against a live test server as the source.

The mirror runs as its own process with DATABASE_URL pointing at a separate SQLite file
(migrated once per module and copied for each test), as a second instance would: the
source's data lives in the test database that the live server reads.
"""

# SQL here is literal.
# ruff: noqa: S608

from __future__ import annotations

import http.server
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import urllib.request
import uuid
from pathlib import Path

import pytest

from mapsite.cameras.models import Camera
from mapsite.changes.models import Change
from mapsite.imports.models import ImportBatch
from mapsite.moderation import merging
from tests.helpers import CENTRAL, MONG_KOK, SHA_TIN, offset

ROOT = Path(__file__).resolve().parents[2]
NEVER_PUBLIC = "rejected before anyone saw it"
LICENCE = "DATA.GOV.HK Terms and Conditions of Use"
FIELDS = ("id, status, kind, operator, mount, direction, field_of_view, notes, confirm_count, merged_into_id, is_demo, "
          "dispute_count")


def _manage(database: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "SECRET_KEY": "mirror-test-instance"}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    """An empty instance's database: migrated, with the districts loaded."""
    path = tmp_path_factory.mktemp("mirror") / "template.sqlite3"
    for command in (("migrate", "--no-input"), ("load_districts",)):
        done = _manage(path, *command)
        assert done.returncode == 0, done.stderr
    return path


@pytest.fixture
def mirror_db(migrated, tmp_path) -> Path:
    path = tmp_path / f"mirror-{uuid.uuid4().hex}.sqlite3"
    shutil.copy(migrated, path)
    return path


def mirror(database: Path, url: str, *args: str) -> subprocess.CompletedProcess:
    return _manage(database, "mirror", url, "--timeout", "20", *args)


def rows(database: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(database) as db:
        return db.execute(sql).fetchall()


def cameras(database: Path) -> list[tuple]:
    return rows(database, f"SELECT {FIELDS} FROM cameras_camera ORDER BY id")


def everything(database: Path) -> dict[str, list[tuple]]:
    """Every row a run could write."""
    tables = ("cameras_camera", "changes_change", "changes_mirrorstate", "tiles_clustercell", "tiles_districttally")
    return {table: rows(database, f"SELECT * FROM {table} ORDER BY 1, 2") for table in tables}


def source_cameras() -> list[tuple]:
    """The source's cameras as the mirror should hold them: every one that was ever public."""
    names = [f.strip() for f in FIELDS.split(",")]
    shown = Camera.objects.filter(published_at__isnull=False).exclude(notes=NEVER_PUBLIC)
    return [tuple(row) for row in shown.order_by("id").values_list(*names)]


@pytest.fixture
def source(transactional_db, make_camera, live_server):
    """A source instance with cameras of every public state, and some that are not public."""
    # A transactional test before this one flushes its cameras, and the delete triggers log
    # their tombstones: start from an empty log, as a real source's first cameras would.
    Change.objects.all().delete()
    made = {
        "pending": make_camera(kind=Camera.Kind.DOME, direction=90, field_of_view=60),
        "verified": make_camera(*CENTRAL, status=Camera.Status.VERIFIED, operator=Camera.Operator.MTR,
                                mount=Camera.Mount.CEILING, notes="=HYPERLINK(\"x\")\non the pillar",
                                confirm_count=3, dispute_count=1),
        "quoted": make_camera(*offset(*CENTRAL, north_m=40), notes="'the old one' by the gate"),
        "demo": make_camera(*SHA_TIN, source=Camera.Source.DEMO, is_demo=True),
        "anpr": make_camera(*offset(*MONG_KOK, north_m=40), kind=Camera.Kind.ANPR, operator=Camera.Operator.POLICE),
        "official": make_camera(*offset(*SHA_TIN, north_m=60), kind=Camera.Kind.TRAFFIC, source=Camera.Source.OFFICIAL,
                                status=Camera.Status.VERIFIED, import_batch=ImportBatch.objects.create(
                                    source_name="Traffic cameras", licence=LICENCE, attribution="Transport Department",
                                    file_format="xml", sha256="0" * 64)),
    }
    make_camera(*offset(*MONG_KOK, north_m=80), published_at=None)  # waiting for its window: copied nowhere
    make_camera(*offset(*MONG_KOK, north_m=120), status=Camera.Status.REJECTED, notes=NEVER_PUBLIC)
    return made


def test_a_mirror_is_built_caught_up_and_checked_and_a_second_run_changes_nothing(
    source, live_server, mirror_db, moderator, make_camera
):
    first = mirror(mirror_db, live_server.url, "--limit", "2")
    assert first.returncode == 0, first.stderr
    assert "Counts match the source: 6 public cameras, 2 verified." in first.stdout
    assert cameras(mirror_db) == source_cameras()  # notes and vote counts too, formula-like or quoted text intact
    held = {row[0]: row for row in cameras(mirror_db)}
    assert sorted(held) == sorted(c.pk for c in source.values())
    pending = held[source["pending"].pk]
    assert pending[1:7] == ("pending", "dome", "unknown", "unknown", 90, 60)
    assert held[source["verified"].pk][1:5] == ("verified", "unknown", "mtr", "ceiling")
    assert held[source["demo"].pk][10] == 1
    assert rows(mirror_db, "SELECT source FROM changes_mirrorstate") == [(live_server.url,)]
    # An official camera keeps its licence and attribution, which the mirror's own export states per record.
    assert rows(mirror_db, "SELECT b.licence, b.attribution, b.source_name FROM cameras_camera c "
                f"JOIN imports_importbatch b ON b.id = c.import_batch_id WHERE c.id = {source['official'].pk}") == [
        (LICENCE, "Transport Department", "Traffic cameras")]

    # The source moves on: a new camera, a merge, a removal, a move, a camera published.
    new = make_camera(*offset(*CENTRAL, east_m=50), notes="above the door")
    merging.merge(source["anpr"].pk, source["anpr"].version, source["pending"].pk, actor=moderator)
    Camera.objects.filter(pk=source["verified"].pk).update(status=Camera.Status.REMOVED)
    demo = Camera.objects.get(pk=source["demo"].pk)  # moved from Sha Tin to Mong Kok, and described
    demo.latitude, demo.longitude = offset(*MONG_KOK, north_m=200)
    demo.notes, demo.confirm_count = "in the car park", 2
    demo.save()
    Camera.objects.filter(published_at__isnull=True).update(published_at="2026-03-04T07:00:00Z")
    second = mirror(mirror_db, live_server.url, "--limit", "2")
    assert second.returncode == 0, second.stderr
    assert "Counts match the source: 6 public cameras, 1 verified." in second.stdout
    assert cameras(mirror_db) == source_cameras()
    held = {row[0]: row for row in cameras(mirror_db)}
    assert held[source["anpr"].pk][9] == source["pending"].pk  # merged into its survivor
    assert held[source["verified"].pk][1] == "removed"
    assert held[new.pk][7] == "above the door"
    assert rows(mirror_db, f"SELECT d.code FROM cameras_camera c JOIN districts_district d ON d.id = c.district_id "
                f"WHERE c.id = {demo.pk}") == [("E",)]

    before = everything(mirror_db)
    third = mirror(mirror_db, live_server.url)
    assert third.returncode == 0, third.stderr
    assert "Read 0 changes" in third.stdout and "0 cameras written" in third.stdout
    assert everything(mirror_db) == before


def test_the_mirror_counts_its_copy_and_logs_it_for_mirrors_of_its_own(source, live_server, mirror_db):
    assert mirror(mirror_db, live_server.url).returncode == 0
    counts = _manage(mirror_db, "shell", "-c", "from mapsite.changes.api import public_counts; "
                     "print(public_counts()['reported'], public_counts()['districts']['E'])")
    assert counts.stdout.strip().splitlines()[-1] == "6 {'reported': 2, 'verified': 0}"
    assert rows(mirror_db, "SELECT kind, count(*) FROM changes_change GROUP BY kind") == [("created", 6)]


class _Proxy(http.server.ThreadingHTTPServer):
    """Passes requests on to the live server, and drops the connection of request number `fail_at`."""

    def __init__(self, target: str) -> None:
        self.target, self.seen, self.fail_at = target, [], None
        super().__init__(("127.0.0.1", 0), _Relay)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Relay(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        proxy = self.server
        proxy.seen.append(self.path)
        if proxy.fail_at == len(proxy.seen):
            self.connection.close()  # as a dropped network would
            return
        with urllib.request.urlopen(proxy.target + self.path, timeout=20) as answer:  # noqa: S310
            body = answer.read()
            self.send_response(answer.status)
            self.send_header("Content-Type", answer.headers["Content-Type"])
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def proxy(live_server):
    server = _Proxy(live_server.url)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_an_interrupted_run_keeps_its_progress_and_the_next_one_continues(source, proxy, mirror_db):
    # Requests: the feed's head, the export, then a page of one change per request.
    proxy.fail_at = 5
    interrupted = mirror(mirror_db, proxy.url, "--limit", "1", "--from-start")
    assert interrupted.returncode == 1
    assert "could not be read" in interrupted.stderr
    assert "What was copied so far stays; run the command again to go on." in interrupted.stderr
    assert proxy.seen[1:4] == ["/api/changes.json?since=0&limit=1", *proxy.seen[2:4]]
    [(phase, cursor)] = rows(mirror_db, "SELECT phase, cursor FROM changes_mirrorstate")
    assert phase == "follow"
    assert 0 < len(cameras(mirror_db)) <= 3  # three pages of one change each, committed
    asked = len(proxy.seen)

    proxy.fail_at = None
    resumed = mirror(mirror_db, proxy.url, "--limit", "1")
    assert resumed.returncode == 0, resumed.stderr
    assert proxy.seen[asked] == f"/api/changes.json?since={cursor}&limit=1"  # from where it stopped
    assert proxy.seen[4] == proxy.seen[asked]  # the page that broke off, asked again
    assert "Counts match the source: 6 public cameras, 2 verified." in resumed.stdout
    assert cameras(mirror_db) == source_cameras()


def test_an_interrupted_export_is_taken_up_again(source, proxy, mirror_db):
    proxy.fail_at = 2  # the export
    interrupted = mirror(mirror_db, proxy.url)
    assert interrupted.returncode == 1
    assert rows(mirror_db, "SELECT phase FROM changes_mirrorstate") == [("snapshot",)]
    proxy.fail_at = None
    resumed = mirror(mirror_db, proxy.url)
    assert resumed.returncode == 0, resumed.stderr
    assert "/export/cameras.csv?include_demo=1" in proxy.seen[2:]
    assert len(cameras(mirror_db)) == 6
