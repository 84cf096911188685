#!/usr/bin/env python
"""The documented command, `benchmarks/run.py [options]`: the same as `python -m benchmarks`."""

import sys
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script, Python puts benchmarks/ on the path, not the project that holds it.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.cli import main

if __name__ == "__main__":
    main()
