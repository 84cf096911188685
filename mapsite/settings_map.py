"""The map's zooms and tiles, read by mapsite/settings.py (star-imported there)."""

from mapsite.lib.env import env_float, env_int

CONE_ZOOM = 17  # view cones are drawn from this zoom
CAMERA_MIN_ZOOM = 15  # from this zoom tiles list cameras, not clusters
API_MAX_FEATURES = env_int("API_MAX_FEATURES", 2000, minimum=1)
# "How watched is my walk?": how far (metres) a camera of each kind is taken to see a passer-by,
# for the route exposure computed in the browser (cameras/map/exposure.js); "default" for the rest.
ROUTE_RANGE_M = {"ptz": 100, "anpr": 40, "traffic": 80, "default": 50}
# A map tile lists its cameras up to this many, and clusters them beyond: 64 markers on a 256 px
# tile is one per 32 px square, about the limit of legibility, and the cap keeps the work of a
# tile bounded however dense the data (at the deepest zoom a cluster fans out on click).
TILES_MAX_CAMERAS = env_int("TILES_MAX_CAMERAS", 64, minimum=1)
# Serialised camera features a process keeps for tiles (about 1 KB each); see tiles/services.py.
TILES_FEATURE_CACHE = env_int("TILES_FEATURE_CACHE", 20000, minimum=0)
# How long (seconds) a process may label tiles with the region versions it last read, instead of
# reading them for every tile: a cached tile then costs no database round trip. An edit shows on
# tile URLs and ETags at most this much later (versions.json may itself be 5 s old);
# 0 reads them for every tile.
TILE_VERSIONS_SECONDS = env_float("TILE_VERSIONS_SECONDS", 1.0, minimum=0.0)
# Immutable tile responses a process keeps to answer again before the rest of the middleware
# (tiles/memo.py): one per tile URL, language and encoding, 2-20 KB each; 0 turns it off.
TILE_RESPONSE_MEMO = env_int("TILE_RESPONSE_MEMO", 2000, minimum=0)
