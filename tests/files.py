"""Sample files for uploads: photos, PDFs, a PNG header that claims any size, and what was stored."""

import re
import struct
import zlib
from io import BytesIO
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import ExifTags, Image

ALT = "Shoppers at the village shop's counter"


def photo(image_format="JPEG", size=(640, 480), exif=True):
    """An image in `image_format`, with camera and GPS metadata where the format carries EXIF."""
    image = Image.new("RGB", size, (200, 40, 40))
    options = {}
    if exif:
        data = Image.Exif()
        data[ExifTags.Base.Make] = "ExampleCam"
        data.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] = "N"
        options["exif"] = data
    buffer = BytesIO()
    image.save(buffer, image_format, **options)
    return buffer.getvalue()


def pdf(size=2048):
    """The bytes of a minimal PDF of about `size` bytes."""
    body = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
    return body + b"%" + b"x" * max(size - len(body) - 8, 0) + b"\n%%EOF\n"


# Passes every check of a PDF (it starts with %PDF- and ends with %%EOF) and is a web page too: served as a
# page of the portal's origin, its script would run with the visitor's session.
PDF_POLYGLOT = b"%PDF-1.7\n<html><body><script>fetch('/accounts/')</script></body></html>\n%%EOF\n"


def pdf_upload(name="report.pdf", size=2048):
    """An uploaded file of `size` bytes that starts like a PDF, for attachments stored directly."""
    return SimpleUploadedFile(name, b"%PDF-1.4\n" + b"0" * (size - 9), content_type="application/pdf")


def png_header(width, height):
    """The start of a PNG that claims to be width x height: enough for a decoder to read its size."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def upload(name, data):
    return SimpleUploadedFile(name, data)


def stored_under(name, folder, stem):
    """Whether a stored file's `name` is `folder`/YYYY/MM/<16 random characters>/`stem`…, this month."""
    month = timezone.now().strftime("%Y/%m")
    return re.fullmatch(rf"{folder}/{month}/[A-Za-z0-9_-]{{16}}/{re.escape(stem)}[^/]*", name) is not None


def stored_files(settings):
    """The files under MEDIA_ROOT, relative to it."""
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()) if root.exists() else []
