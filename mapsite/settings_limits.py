"""Rate limits and upload handlers, read by mapsite/settings.py (star-imported there)."""

from mapsite.lib.env import env_str

# Rate limits (django-ratelimit syntax, e.g. "30/h", "20/15m"). Network limits
# key on a salted hash of the client's network (mapsite.lib.ratelimit).
SIGNUP_RATE_NETWORK = env_str("SIGNUP_RATE_NETWORK", "10/h")
LOGIN_RATE_NETWORK = env_str("LOGIN_RATE_NETWORK", "30/15m")
LOGIN_RATE_USERNAME = env_str("LOGIN_RATE_USERNAME", "10/15m")
SUBMIT_RATE_USER_HOUR = env_str("SUBMIT_RATE_USER_HOUR", "30/h")
SUBMIT_RATE_NETWORK = env_str("SUBMIT_RATE_NETWORK", "120/h")
# The first handler refuses to read past the photo limit (mapsite/photos/uploads.py).
FILE_UPLOAD_HANDLERS = [
    "mapsite.photos.uploads.SizeLimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
