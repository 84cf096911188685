"""manage.py mirror refuses what it cannot copy, clearly and before writing anything; the footer notice."""

from __future__ import annotations

import http.server
import re
import threading
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command

from mapsite.changes.models import MirrorState
from mapsite.changes.source import MirrorError, normalise


class _Fixed(http.server.BaseHTTPRequestHandler):
    """Answers every GET with the server's (status, headers, body)."""

    def do_GET(self) -> None:
        status, headers, body = self.server.answer
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def site():
    """A local HTTP server that is not a camera map; set .answer to what it says."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Fixed)
    server.answer = (200, {"Content-Type": "text/html"}, b"<html><body>Hello</body></html>")
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def run(url: str, *args: str) -> str:
    out = StringIO()
    call_command("mirror", url, "--timeout", "5", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://example.org", "is not an http(s) URL"),
        ("example.org", "is not an http(s) URL"),
        ("http://", "is not an http(s) URL"),
        ("https://example.org/?x=1", "without a query"),
        ("https://user:secret@example.org", "without a query, fragment or password"),
        ("http://example.org:99999", "malformed port"),
    ],
)
def test_a_bad_url_is_refused_before_anything_is_contacted(db, url, message):
    with pytest.raises(CommandError, match=re.escape(message)) as refused:
        run(url)
    assert "run the command again" not in str(refused.value)  # there is nothing to go on with
    assert not MirrorState.objects.exists()


def test_the_base_url_keeps_its_path_prefix_without_the_trailing_slash():
    assert normalise(" https://Example.org/map/ ") == "https://Example.org/map"
    with pytest.raises(MirrorError):
        normalise("javascript:alert(1)")


def test_a_site_that_is_not_a_camera_map_is_a_clear_error(db, districts, site):
    with pytest.raises(CommandError, match=r"did not answer JSON .*is this a camera map"):
        run(site.url)
    site.answer = (200, {"Content-Type": "application/json"}, b'{"hello": "world"}')
    with pytest.raises(CommandError, match="is not a camera map's change feed"):
        run(site.url)
    site.answer = (404, {"Content-Type": "text/html"}, b"Not here")
    with pytest.raises(CommandError, match="answered 404"):
        run(site.url)
    assert not MirrorState.objects.exists()


def test_a_redirect_is_not_followed(db, districts, site):
    site.answer = (302, {"Location": "http://example.org/elsewhere"}, b"")
    with pytest.raises(CommandError, match=re.escape("redirected to http://example.org/elsewhere")):
        run(site.url)


def test_nobody_listening_is_a_clear_error(db, districts, site):
    url = site.url
    site.shutdown()
    site.server_close()
    with pytest.raises(CommandError, match="could not be read"):
        run(url)


def test_a_database_with_cameras_of_its_own_is_not_made_a_mirror(db, camera, live_server):
    with pytest.raises(CommandError, match="has cameras of its own"):
        run(live_server.url)


def test_a_mirror_copies_one_source_only(db, districts, live_server):
    MirrorState.objects.create(source="https://cameras.example.org")
    with pytest.raises(CommandError, match=re.escape("mirrors https://cameras.example.org; it cannot also mirror")):
        run(live_server.url)


def test_a_mirror_set_up_for_one_source_refuses_another(db, districts, settings, live_server):
    settings.MIRROR_OF = "https://cameras.example.org"
    with pytest.raises(CommandError, match=r"set up as a mirror of https://cameras.example.org \(MIRROR_OF\)"):
        run(live_server.url)


@pytest.mark.parametrize(("args", "message"), [(("--limit", "0"), "--limit must be"),
                                               (("--limit", "1001"), "--limit must be"),
                                               (("--timeout", "0"), "--timeout must be")])
def test_bad_options(db, args, message):
    with pytest.raises(CommandError, match=message):
        run("https://example.org", *args)


@pytest.mark.parametrize("prefix", ["", "/zh-hant"])
def test_the_footer_says_this_is_a_mirror_and_links_to_its_source(client, db, prefix):
    page = client.get(f"{prefix}/about/").content.decode()
    assert "mirror-notice" not in page
    MirrorState.objects.create(source="https://cameras.example.org/map")
    cache.clear()
    page = client.get(f"{prefix}/about/").content.decode()
    assert '<a href="https://cameras.example.org/map">https://cameras.example.org/map</a>' in page
    assert 'class="mirror-notice"' in page


def test_the_footer_notice_from_the_setting_alone(client, db, settings):
    settings.MIRROR_OF = "https://cameras.example.org"
    page = client.get("/about/").content.decode()
    assert 'This is a mirror of <a href="https://cameras.example.org">' in page
