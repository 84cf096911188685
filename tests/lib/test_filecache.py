"""mapsite/lib/filecache: one build however many ask at once, whole files only."""

from __future__ import annotations

import threading
import time

import pytest

from mapsite.lib.filecache import fresh_file


def test_readers_at_once_wait_for_one_build(tmp_path):
    builds = []

    def write(out):
        builds.append(1)
        time.sleep(0.3)  # long enough for every reader to arrive while it runs
        out.write(b"built")

    got = []
    readers = [
        threading.Thread(target=lambda: got.append(fresh_file(tmp_path / "f.csv", 60, write).read()))
        for _ in range(6)
    ]
    for t in readers:
        t.start()
    for t in readers:
        t.join(10)
    assert got == [b"built"] * 6
    assert len(builds) == 1


def test_a_stale_file_is_rebuilt_and_a_failed_build_keeps_the_last_good_one(tmp_path):
    path = tmp_path / "f.csv"
    assert fresh_file(path, 60, lambda out: out.write(b"first")).read() == b"first"
    assert fresh_file(path, 60, lambda out: out.write(b"second")).read() == b"first"  # still fresh

    def full_disk(out):
        out.write(b"half")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space"):
        fresh_file(path, 0, full_disk)
    assert path.read_bytes() == b"first"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.csv", "f.csv.lock"]  # no partial file
    assert fresh_file(path, 0, lambda out: out.write(b"third")).read() == b"third"
