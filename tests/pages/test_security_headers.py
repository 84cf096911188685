"""Static files (served by WhiteNoise) carry the same security headers as pages."""

from __future__ import annotations

import re

import pytest
from django.test import Client

HEADERS = ("Content-Security-Policy", "X-Frame-Options", "Referrer-Policy", "X-Content-Type-Options")


@pytest.fixture
def static_client(settings):
    # WhiteNoise reads these when its middleware is built: a new client builds it anew.
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    return Client()


@pytest.mark.parametrize("path", ["/static/accounts/altcha.css", "/static/altcha/altcha.min.js"])
def test_static_files_carry_the_pages_security_headers(static_client, client, districts, path):
    static = static_client.get(path)
    assert static.status_code == 200
    page = client.get("/about/")
    for name in HEADERS:
        assert static[name], name
    assert static["X-Frame-Options"] == page["X-Frame-Options"] == "DENY"
    assert static["Referrer-Policy"] == page["Referrer-Policy"]
    assert static["X-Content-Type-Options"] == page["X-Content-Type-Options"] == "nosniff"
    # The same policy, less the nonce only a page has.
    static_csp = static["Content-Security-Policy"]
    page_csp = page["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in static_csp and "object-src 'none'" in static_csp
    assert sorted(static_csp.split("; ")) == sorted(re.sub(r" 'nonce-[^']+'", "", page_csp).split("; "))
