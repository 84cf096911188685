"""The module graph the map page preloads, read from the modules' own imports."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders

from mapsite.lib.modules import module_graph


@pytest.fixture
def static_dir(tmp_path, settings):
    settings.STATICFILES_DIRS = [tmp_path]
    finders.get_finder.cache_clear()
    module_graph.cache_clear()
    yield tmp_path
    finders.get_finder.cache_clear()
    module_graph.cache_clear()


def write(root, path, text):
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text)


def test_every_relative_import_is_followed_once_in_the_order_reached(static_dir):
    write(static_dir, "app/main.js", 'import { a } from "./a.js";\nimport {\n  b,\n  c,\n} from "../lib/b.js";\n'
                                     'import "./side.js";\nimport L from "leaflet";\n')
    write(static_dir, "app/a.js", 'import { b } from "../lib/b.js";\nexport { x } from "./x.js";\n')
    write(static_dir, "lib/b.js", 'import { a } from "../app/a.js";\n// import { no } from "./comment.js";\n')
    write(static_dir, "app/side.js", "")
    write(static_dir, "app/x.js", "export const x = 1;\n")
    assert module_graph("app/main.js") == ("app/main.js", "app/a.js", "lib/b.js", "app/side.js", "app/x.js")


def test_a_missing_module_is_an_error(static_dir):
    write(static_dir, "app/main.js", 'import { a } from "./gone.js";\n')
    with pytest.raises(FileNotFoundError, match=r"app/gone\.js"):
        module_graph("app/main.js")


def test_the_map_page_preloads_its_whole_module_graph(client, db):
    html = client.get("/").content.decode()
    preloaded = re.findall(r'<link rel="modulepreload" href="/static/([^"]+)" nonce="[^"]+">', html)
    # Every module the map's own files name, listed here by hand.
    names = ["main", "cameras", "clusters", "cones", "districts", "exposure", "filters", "keyboard", "list",
             "locate", "markers", "permalink", "popups", "route", "state", "tiles", "timeline"]
    assert sorted(preloaded) == sorted(
        [f"cameras/map/{name}.js" for name in names] + ["js/common.js", "places/place-search.js"])
