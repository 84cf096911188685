"""The static ES modules a page's entry module imports, directly or not, found by reading them.

A browser learns of a module's imports only once it has that module, so a map page fetched
its scripts in rounds, one per level of imports. Listing the whole graph up front as
<link rel="modulepreload"> lets it ask for all of them at once. The list is read from the
files themselves, so it cannot drift from the imports.
"""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache

from django.contrib.staticfiles import finders

# Static imports only (`import ... from "./x.js"`, `import "./x.js"`), relative ones: the project's own.
_IMPORT = re.compile(r"""^\s*(?:import|export)\b[^"';]*?(?:\bfrom\s*)?["'](\.{1,2}/[^"']+)["']""", re.MULTILINE)


@lru_cache(maxsize=16)
def module_graph(entry: str) -> tuple[str, ...]:
    """Static paths of `entry` and every module it imports, in the order first reached."""
    seen, queue = [entry], [entry]
    while queue:
        path = queue.pop(0)
        found = finders.find(path)
        if found is None:
            raise FileNotFoundError(f"static module {path!r} not found")
        with open(found, encoding="utf-8") as source:
            imports = _IMPORT.findall(source.read())
        for relative in imports:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path), relative))
            if target not in seen:
                seen.append(target)
                queue.append(target)
    return tuple(seen)
