"""Uploads in an S3-compatible bucket, for several app servers that share nothing on disk (deploy/README.md).

The settings choose this storage when AWS_STORAGE_BUCKET_NAME and its keys are set (secon_portal/settings.py).
Visitors never talk to the bucket: a file's address stays on the portal's own origin, under MEDIA_URL, where the
proxy passes the request on to the bucket and adds the headers that keep an upload from acting as a page of the
portal (deploy/nginx/locations-s3.conf). So the Content Security Policy's img-src 'self' still holds.
"""

import mimetypes
from urllib.parse import urljoin

from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage
from storages.utils import clean_name


class MediaStorage(S3Storage):
    """S3Storage whose URLs are MEDIA_URL + the object's key, like FileSystemStorage's."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        return urljoin(settings.MEDIA_URL, filepath_to_uri(self._normalize_name(clean_name(name))))

    def get_object_parameters(self, name):
        """The stored Content-Type comes from the file's name, which the portal chose, never from what the
        uploading browser claimed."""
        content_type, _ = mimetypes.guess_type(name)
        return {**super().get_object_parameters(name), "ContentType": content_type or self.default_content_type}
