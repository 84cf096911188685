from mapsite.lib.quadkeys import QK_ZOOM, deinterleave, interleave, lonlat_to_tile, quadkey, tile_bounds, tile_range


def test_interleave_round_trips():
    for x, y in [(0, 0), (1, 0), (0, 1), (13_400_000, 7_100_000), ((1 << QK_ZOOM) - 1, (1 << QK_ZOOM) - 1)]:
        assert deinterleave(interleave(x, y)) == (x, y)


def test_every_camera_in_a_tile_falls_in_its_quadkey_range():
    # Mong Kok at zoom 14 and the tile's neighbours
    x, y = lonlat_to_tile(114.1694, 22.3193, 14)
    lo, hi = tile_range(x, y, 14)
    assert lo <= quadkey(114.1694, 22.3193) < hi
    west, south, east, north = tile_bounds(x, y, 14)
    inside = quadkey(west + 1e-7, north - 1e-7), quadkey(east - 1e-7, south + 1e-7)
    assert all(lo <= q < hi for q in inside)
    outside = quadkey(east + 1e-5, north - 1e-7)
    assert not lo <= outside < hi
