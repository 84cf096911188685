"""An upload handler that stops reading a file once it passes the photo limit.

Without it Django would stream any upload, however large, to a temporary file
before a view could look at its size. The skipped field is remembered on the
request so the form can say why the photo is missing.
"""

from __future__ import annotations

from django.core.files.uploadhandler import FileUploadHandler, SkipFile

from mapsite.photos.processing import MAX_BYTES


class SizeLimitedUploadHandler(FileUploadHandler):
    def new_file(self, field_name, *args, **kwargs):
        super().new_file(field_name, *args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > MAX_BYTES:
            oversized = getattr(self.request, "oversized_uploads", set())
            oversized.add(self.field_name)
            self.request.oversized_uploads = oversized
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int):
        return None  # the next handlers build the file
