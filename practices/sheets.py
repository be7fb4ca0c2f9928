"""A published practice as an A4 PDF sheet, set by WeasyPrint from templates/practices/sheet.html.

Rendering fetches nothing from outside the portal: WeasyPrint reads every stylesheet and image through
`PortalFetcher`, which serves the portal's own static files (the staticfiles finders, then STATIC_ROOT's storage)
and media files (default_storage) and refuses any other address, so that no address in a practice's content can
make the server call out (or read a file of its own outside those two). Fonts come from the system through
fontconfig: DejaVu (Debian's fonts-dejavu-core), which covers Latin, Greek and Cyrillic; Pango sets the text.

WeasyPrint takes most of a second to import, so it is imported when a sheet is first rendered, not when the
portal starts.
"""

import functools
import logging
import mimetypes
import posixpath
from dataclasses import dataclass
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import default_storage
from django.template.loader import render_to_string

TEMPLATE = "practices/sheet.html"
CONTENT_TYPE = "application/pdf"
# The first image beside the title, and at most this many more at the end: a sheet, not a gallery.
MORE_IMAGES = 3


class RefusedURL(ValueError):
    """An address the sheet may not read: outside the portal's static and media files, or not there."""


@dataclass(frozen=True)
class LocalFile:
    """A file of the portal that an address names: `open()` gives its content."""

    storage: object  # a Django storage, or None for a path the staticfiles finders gave
    name: str
    media_type: str

    def open(self):
        if self.storage is None:
            return open(self.name, "rb")  # WeasyPrint closes it
        return self.storage.open(self.name, "rb")


def _relative_name(path, prefix):
    """The file name below `prefix` in the URL path `path`, or None; refuses anything that climbs out of it."""
    if not path.startswith(prefix):
        return None
    name = unquote(path[len(prefix) :])
    normal = posixpath.normpath(name) if name else ""
    if not name or "\x00" in name or normal != name or normal.startswith(("/", "..")):
        raise RefusedURL(f"Not a file of the portal: {path}")
    return name


def local_file(url, base_url):
    """The static or media file of the portal that `url` names, as a LocalFile; RefusedURL for any other address.

    `base_url` is the address the sheet's relative links resolve against (the portal's own, e.g.
    "https://portal.example.org/"): only addresses below its STATIC_URL and MEDIA_URL are the portal's files.
    Any other scheme, host or path (https://example.org/x.png, file:///etc/passwd, data:) is refused.
    """
    parts, base = urlsplit(url), urlsplit(base_url)
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc) or parts.scheme not in ("http", "https"):
        raise RefusedURL(f"Not an address of the portal: {url}")
    media_type = mimetypes.guess_type(parts.path)[0] or "application/octet-stream"
    static_prefix = urlsplit(urljoin(base_url, settings.STATIC_URL)).path
    media_prefix = urlsplit(urljoin(base_url, settings.MEDIA_URL)).path
    if (name := _relative_name(parts.path, static_prefix)) is not None:
        # The source files first (development, tests), then the collected ones (with their hashed names).
        if found := finders.find(name):
            return LocalFile(None, found, media_type)
        if staticfiles_storage.exists(name):
            return LocalFile(staticfiles_storage, name, media_type)
    elif (name := _relative_name(parts.path, media_prefix)) is not None and default_storage.exists(name):
        return LocalFile(default_storage, name, media_type)
    raise RefusedURL(f"No such file of the portal: {url}")


@functools.cache
def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class PortalFetcher(URLFetcher):
        """WeasyPrint's fetcher, reading only the portal's own files (local_file); it never opens a connection."""

        def __init__(self, base_url):
            super().__init__(allowed_protocols=("http", "https"), allow_redirects=False)
            self.base_url = base_url

        def fetch(self, url, headers=None):
            file = local_file(url, self.base_url)  # raises RefusedURL: WeasyPrint logs it and goes on without
            return URLFetcherResponse(url, file.open(), {"Content-Type": file.media_type})

    return PortalFetcher


def render_html(html, base_url):
    """The PDF (bytes) of `html`, whose relative addresses resolve against `base_url` (the portal's address)."""
    # WeasyPrint reports each step of every rendering (and of its import) at INFO: the server's log needs its
    # warnings only (a file that could not be read, an address refused).
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    from PIL import ImageFile
    from weasyprint import HTML

    # Importing WeasyPrint turns on Pillow's LOAD_TRUNCATED_IMAGES for the whole process, and with it a truncated
    # upload would pass practices/images.py's check; the portal never wants it (Pillow's default is off).
    ImageFile.LOAD_TRUNCATED_IMAGES = False

    fetcher = _fetcher_class()(base_url)
    return HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf(pdf_tags=True)


def sheet_context(practice, request):
    """What templates/practices/sheet.html shows of `practice` (fetched with GoodPractice.with_page_details())."""
    images = list(practice.images.all())
    return {
        "practice": practice,
        "assessment": practice.published_assessment(),
        "page_url": request.build_absolute_uri(practice.get_absolute_url()),
        "first_image": images[0] if images else None,
        "more_images": images[1 : 1 + MORE_IMAGES],
    }


def render_sheet(practice, request):
    """The A4 sheet of `practice` as PDF bytes, in the request's language."""
    html = render_to_string(TEMPLATE, sheet_context(practice, request), request=request)
    return render_html(html, request.build_absolute_uri("/"))
