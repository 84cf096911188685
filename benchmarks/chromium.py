"""How the project launches its headless browser: Debian's chromium, no sandbox (CI runs as
root), and none of chromium's own background traffic, which this machine's closed network would
refuse. The browser tests and the benchmark's browser run launch it the same way."""

import os

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
