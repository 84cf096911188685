"""JSON endpoints speak the client's Accept-Language; pages keep the language of their URL."""

import pytest

from tests.helpers import SHENZHEN


@pytest.mark.parametrize(
    "accept, message",
    [
        (None, "This position is outside Hong Kong."),
        ("en", "This position is outside Hong Kong."),
        ("zh-Hant-HK", "此位置在香港境外。"),
        ("zh-hant", "此位置在香港境外。"),
        ("fr", "This position is outside Hong Kong."),  # not offered: the default
    ],
)
def test_api_errors_come_in_the_requested_language(client, districts, accept, message):
    headers = {"accept-language": accept} if accept else {}
    response = client.get("/api/locate", {"lat": SHENZHEN[0], "lon": SHENZHEN[1]}, headers=headers)
    assert response.status_code == 400
    assert response.json()["error"] == message


def test_pages_keep_the_language_of_their_url(client, districts):
    english = client.get("/about/", headers={"accept-language": "zh-hant"})
    assert english.status_code == 200
    assert '<html lang="en" data-colon=": ">' in english.content.decode()
    chinese = client.get("/zh-hant/about/")
    assert '<html lang="zh-Hant-HK" data-colon="：">' in chinese.content.decode()
