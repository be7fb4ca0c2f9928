"""Checking and preparing uploaded images before they are stored.

`prepare_image(uploaded_file)` decodes the upload completely (so the file is verified by its
content, never by its name), turns it upright according to its EXIF orientation, and re-encodes
it without any metadata: no EXIF (camera, GPS position, date), no XMP, no comments. Only the
colour profile is kept, so that colours stay right. It also makes a thumbnail.

It refuses, with a ValidationError that names the file and the reason: files over 10 MB, images
over 40 megapixels (checked from the header, before anything is decoded, so a decompression bomb
costs nothing), files that are not JPEG, PNG or WebP images, and damaged or incomplete ones.
"""

from io import BytesIO
from pathlib import Path
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from secon_portal.files import file_size

MAX_FILE_SIZE = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
# Longest side of the stored image; larger ones are scaled down (a 40-megapixel photo is
# far more than a web page shows, and several megabytes to download).
MAX_SIDE = 2400
THUMBNAIL_WIDTH = 480

# Pillow format -> (file extension, options for saving).
FORMATS = {
    "JPEG": ("jpg", {"quality": 85, "optimize": True}),
    "PNG": ("png", {}),
    "WEBP": ("webp", {"quality": 85}),
}


class PreparedImage(NamedTuple):
    image: ContentFile
    thumbnail: ContentFile


def prepare_image(uploaded_file):
    """Verify an uploaded image and return it re-encoded without metadata, with a thumbnail.

    Returns (image, thumbnail), two named ContentFiles ready for an ImageField's save().
    """
    name = Path(getattr(uploaded_file, "name", "") or "image").name
    size = file_size(uploaded_file)
    if size > MAX_FILE_SIZE:
        raise ValidationError(
            _("“%(name)s” is too large (%(size)s); an image can be at most %(limit)s."),
            code="file_too_large",
            params={"name": name, "size": filesizeformat(size), "limit": filesizeformat(MAX_FILE_SIZE)},
        )

    uploaded_file.seek(0)
    if not _has_signature(uploaded_file.read(16)):
        # Judged by the content: a text file named .jpg, a GIF or a PDF all end here.
        raise ValidationError(
            _("“%(name)s” is not a JPEG, PNG or WebP image."), code="not_an_image", params={"name": name}
        )
    uploaded_file.seek(0)
    try:
        image = Image.open(uploaded_file, formats=list(FORMATS))
    except Image.DecompressionBombError:
        # Pillow's own guard, for images of more than twice Image.MAX_IMAGE_PIXELS.
        raise _too_many_pixels(name, None) from None
    except Exception:  # the signature was right, but the header is broken or cut off
        raise _damaged(name) from None

    with image:
        # Image.open has read only the header: refuse huge images before decoding a single pixel.
        if image.width * image.height > MAX_PIXELS:
            raise _too_many_pixels(name, image.size)
        image_format = image.format
        icc_profile = image.info.get("icc_profile")
        try:
            image.load()  # decodes everything: a damaged or truncated file fails here
            upright = ImageOps.exif_transpose(image)
        except Exception:  # Pillow reports broken data with many exception types
            raise _damaged(name) from None

    upright = _web_mode(upright, image_format)
    upright.info = {}  # drop EXIF, XMP, comments and any other metadata carried over
    upright.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    thumbnail = upright.copy()
    thumbnail.thumbnail((THUMBNAIL_WIDTH, THUMBNAIL_WIDTH * 4), Image.Resampling.LANCZOS)

    extension, options = FORMATS[image_format]
    if icc_profile:
        options = {**options, "icc_profile": icc_profile}
    stem = slugify(Path(name).stem)[:80] or "image"
    return PreparedImage(
        image=ContentFile(_encode(upright, image_format, options), name=f"{stem}.{extension}"),
        thumbnail=ContentFile(_encode(thumbnail, image_format, options), name=f"{stem}-thumbnail.{extension}"),
    )


def _has_signature(head):
    """Whether the first bytes are those of a JPEG, PNG or WebP file."""
    return head.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")


def _damaged(name):
    return ValidationError(
        _("“%(name)s” is damaged or incomplete: the image could not be read."),
        code="damaged_image",
        params={"name": name},
    )


def _too_many_pixels(name, dimensions):
    if dimensions is None:
        return ValidationError(
            _("“%(name)s” has too many pixels; an image can have at most %(limit)s megapixels."),
            code="too_many_pixels",
            params={"name": name, "limit": MAX_PIXELS // 1_000_000},
        )
    width, height = dimensions
    return ValidationError(
        _(
            "“%(name)s” has too many pixels (%(width)s × %(height)s, %(megapixels)s megapixels); "
            "an image can have at most %(limit)s megapixels."
        ),
        code="too_many_pixels",
        params={
            "name": name,
            "width": width,
            "height": height,
            "megapixels": round(width * height / 1_000_000, 1),
            "limit": MAX_PIXELS // 1_000_000,
        },
    )


def _web_mode(image, image_format):
    """Convert to a mode the format stores and browsers show: RGB or L, with alpha where kept."""
    if image.mode in ("I", "I;16", "I;16B", "F"):  # 16/32-bit greyscale: scale down to 8 bits
        image = image.convert("F").point(lambda value: value / 256).convert("L")
    grey = image.mode in ("1", "L", "LA")
    if image_format == "JPEG":
        target = "L" if grey else "RGB"
    elif image.has_transparency_data:
        target = "LA" if grey and image_format == "PNG" else "RGBA"
    else:
        target = "L" if grey and image_format == "PNG" else "RGB"
    return image if image.mode == target else image.convert(target)


def _encode(image, image_format, options):
    buffer = BytesIO()
    image.save(buffer, format=image_format, **options)
    return buffer.getvalue()
