"""The shared test base: a resident, another resident, the reporter of `camera`, a moderator
and an outsider (a visitor who is not signed in), plus districts and a camera factory.
"""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from mapsite.tiles.memo import memo as tile_memo

# tests/browser and tests/tiles still import these from here; everything else from tests.helpers.
from tests.helpers import CENTRAL, MONG_KOK, PASSWORD, SHA_TIN, SHENZHEN  # noqa: F401


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    """Each test gets its own media directory, empty rate-limit counters, fast hashing and
    no publication window."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EXPORT_CACHE_DIR = tmp_path / "exports"  # else a test's export would be the next one's
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SIGNUP_CHALLENGE_MAX_NUMBER = 1000  # the sign-up's proof of work, quick to solve in a test
    # Publish at once, as before publication windows existed; tests/publication turns them on.
    settings.PUBLISH_WINDOW_HOURS = 0
    # Tile labels follow each edit at once; tests/tiles/test_regions.py turns the snapshot on.
    settings.TILE_VERSIONS_SECONDS = 0
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    cache.clear()
    tile_memo.clear()  # keyed by tile version, which starts again at 1 in every test's database
    yield
    cache.clear()
    tile_memo.clear()
    # A request to a /zh-hant/ page leaves Chinese active in this thread (LocaleMiddleware never
    # deactivates); a later test calling a service directly would otherwise get Chinese messages.
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the 18 districts once into the test database: every test's transaction rolls
    back to them, instead of each test loading them again (0.1-0.25 s each)."""
    from mapsite.districts.loading import load_districts

    with django_db_blocker.unblock():
        load_districts()


@pytest.fixture
def districts(db):
    """The 18 districts (loaded once per test database; reloaded after a transactional test flushed them)."""
    from mapsite.districts.loading import load_districts
    from mapsite.districts.models import District

    if District.objects.count() != 18:
        load_districts()
    return {d.code: d for d in District.objects.all()}


@pytest.fixture
def figures(districts):
    from mapsite.figures.loading import load_figures
    from mapsite.figures.models import OfficialFigure

    load_figures()
    return list(OfficialFigure.objects.all())


def _user(username: str):
    return get_user_model().objects.create_user(username=username, password=PASSWORD)


@pytest.fixture
def resident(db):
    return _user("resident")


@pytest.fixture
def other_resident(db):
    return _user("neighbour")


@pytest.fixture
def moderator(db):
    from mapsite.moderation.roles import make_moderator

    user = _user("moderator")
    make_moderator(user)
    return user


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def reporter(db):
    """The resident who reported `camera`: may not vote on it."""
    return _user("reporter")


@pytest.fixture
def reporter_client(reporter) -> Client:
    return _signed_in(reporter)


@pytest.fixture
def residents(db):
    """Factory: residents(n) -> n fresh resident accounts."""
    made = []

    def make(n: int) -> list:
        users = [_user(f"voter{len(made) + i + 1}") for i in range(n)]
        made.extend(users)
        return users

    return make


@pytest.fixture
def established(residents):
    """Factory: established(n) -> n resident accounts with an established record, whose
    confirmations can verify a camera."""
    from tests.helpers import give_level

    return lambda n: [give_level(user) for user in residents(n)]


@pytest.fixture
def outsider_client() -> Client:
    """A visitor who is not signed in."""
    return Client()


@pytest.fixture
def resident_client(resident) -> Client:
    return _signed_in(resident)


@pytest.fixture
def other_resident_client(other_resident) -> Client:
    return _signed_in(other_resident)


@pytest.fixture
def moderator_client(moderator) -> Client:
    return _signed_in(moderator)


@pytest.fixture
def make_camera(districts):
    """Factory: make_camera(lat=..., lon=..., **fields) -> Camera in its real district."""
    from mapsite.cameras.models import Camera
    from mapsite.districts.lookup import district_code_at

    def make(lat: float = MONG_KOK[0], lon: float = MONG_KOK[1], **fields) -> Camera:
        code = district_code_at(lat, lon)
        assert code is not None, f"test camera at ({lat}, {lon}) is outside Hong Kong"
        return Camera.objects.create(latitude=lat, longitude=lon, district=districts[code], **fields)

    return make


@pytest.fixture
def camera(make_camera, reporter):
    """A pending camera in Mong Kok, reported by `reporter`."""
    return make_camera(reporter=reporter)
