"""Uploaded files, served by Django in development only. In production the proxy serves MEDIA_ROOT with the
same headers: see "Deploying to production" in the README."""

from pathlib import PurePosixPath

from django.conf import settings
from django.utils.http import content_disposition_header
from django.views.static import serve

# Shown in a page (<img>); anything else is downloaded, never displayed by the browser as a page.
INLINE = {".jpg", ".jpeg", ".png", ".webp"}
# A file is never a page of the portal: no script, no style, no plugin, whatever it pretends to be.
MEDIA_CSP = "default-src 'none'; sandbox"


def media(request, path):
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = MEDIA_CSP
    name = PurePosixPath(path).name
    if PurePosixPath(name).suffix.lower() not in INLINE:
        response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    return response
