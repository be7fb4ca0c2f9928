"""Uploaded images: verified by decoding, turned upright, stripped of metadata, thumbnailed."""

from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from practices.images import THUMBNAIL_WIDTH, prepare_image
from tests.files import png_header

RED, BLUE = (255, 0, 0), (0, 0, 255)


def encode(image, image_format="JPEG", **options):
    buffer = BytesIO()
    image.save(buffer, image_format, **options)
    return buffer.getvalue()


def upload(data, name="photo.jpg"):
    return SimpleUploadedFile(name, data)


def camera_photo(orientation=1):
    """A 200x100 photo, red on the left and blue on the right, with camera, GPS and comment metadata."""
    image = Image.new("RGB", (200, 100), RED)
    image.paste(BLUE, (100, 0, 200, 100))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "ExampleCam"
    exif[ExifTags.Base.Artist] = "Jane Photographer"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (37.0, 30.0, 12.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (22.0, 22.0, 5.0)
    return encode(image, exif=exif, comment=b"taken at home")


def messages(excinfo):
    return excinfo.value.messages


def test_metadata_is_stripped():
    original = camera_photo()
    assert b"Exif" in original and b"ExampleCam" in original and b"taken at home" in original

    image, thumbnail = prepare_image(upload(original))

    for prepared in (image, thumbnail):
        data = prepared.read()
        assert b"Exif" not in data
        assert b"ExampleCam" not in data and b"Jane Photographer" not in data and b"taken at home" not in data
        decoded = Image.open(BytesIO(data))
        assert "exif" not in decoded.info and "comment" not in decoded.info
        assert dict(decoded.getexif()) == {}
        assert decoded.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}


def test_exif_orientation_is_applied():
    # Orientation 6: the camera was turned; the picture must be rotated 90 degrees clockwise to show upright.
    image, _ = prepare_image(upload(camera_photo(orientation=6)))

    upright = Image.open(image).convert("RGB")
    assert upright.size == (100, 200)
    top, bottom = upright.getpixel((50, 20)), upright.getpixel((50, 180))
    assert top[0] > 200 and top[2] < 60  # the left (red) half is now on top
    assert bottom[2] > 200 and bottom[0] < 60


def test_format_names_and_thumbnail():
    image, thumbnail = prepare_image(upload(encode(Image.new("RGB", (1200, 800), RED)), name="Dorf Laden 2024.JPG"))

    assert image.name == "dorf-laden-2024.jpg"
    assert thumbnail.name == "dorf-laden-2024-thumbnail.jpg"
    assert Image.open(image).format == "JPEG"
    assert Image.open(image).size == (1200, 800)
    assert Image.open(thumbnail).size == (THUMBNAIL_WIDTH, 320)


def test_very_large_images_are_scaled_down():
    image, _ = prepare_image(upload(encode(Image.new("RGB", (4800, 1200), RED))))
    assert Image.open(image).size == (2400, 600)


@pytest.mark.parametrize("image_format", ["PNG", "WEBP"])
def test_png_and_webp_keep_their_format_and_transparency(image_format):
    original = Image.new("RGBA", (600, 300), (0, 128, 0, 0))
    image, thumbnail = prepare_image(upload(encode(original, image_format), name=f"logo.{image_format.lower()}"))

    decoded = Image.open(image)
    assert decoded.format == image_format
    assert decoded.mode == "RGBA"
    assert decoded.getpixel((10, 10))[3] == 0
    assert Image.open(thumbnail).size == (THUMBNAIL_WIDTH, 240)


def test_file_is_judged_by_content_not_by_name():
    # A real PNG uploaded as .jpg is accepted, and stays a PNG.
    image, _ = prepare_image(upload(encode(Image.new("RGB", (50, 50), BLUE), "PNG"), name="picture.jpg"))
    assert Image.open(image).format == "PNG"
    assert image.name == "picture.png"


def test_refuses_a_text_file_named_jpg():
    with pytest.raises(ValidationError) as excinfo:
        prepare_image(upload(b"These are my notes, not a photo.\n" * 20, name="notes.jpg"))
    assert messages(excinfo) == ["“notes.jpg” is not a JPEG, PNG or WebP image."]
    assert excinfo.value.code == "not_an_image"


def test_refuses_other_image_formats():
    with pytest.raises(ValidationError) as excinfo:
        prepare_image(upload(encode(Image.new("RGB", (20, 20)), "GIF"), name="anim.gif"))
    assert messages(excinfo) == ["“anim.gif” is not a JPEG, PNG or WebP image."]


def test_refuses_a_truncated_file():
    noise = Image.effect_noise((400, 300), 50).convert("RGB")
    data = encode(noise, quality=95)
    with pytest.raises(ValidationError) as excinfo:
        prepare_image(upload(data[: len(data) // 2], name="cut.jpg"))
    assert messages(excinfo) == ["“cut.jpg” is damaged or incomplete: the image could not be read."]
    assert excinfo.value.code == "damaged_image"


def test_refuses_more_than_40_megapixels_before_decoding():
    with pytest.raises(ValidationError) as excinfo:
        prepare_image(upload(png_header(9000, 5000), name="panorama.png"))
    assert messages(excinfo) == [
        "“panorama.png” has too many pixels (9000 × 5000, 45.0 megapixels); an image can have at most 40 megapixels."
    ]
    assert excinfo.value.code == "too_many_pixels"


def test_refuses_a_decompression_bomb_cleanly():
    # 50,000 x 50,000 pixels in a few bytes: Pillow's own guard stops it, and we say why.
    with pytest.raises(ValidationError) as excinfo:
        prepare_image(upload(png_header(50_000, 50_000), name="bomb.png"))
    assert messages(excinfo) == ["“bomb.png” has too many pixels; an image can have at most 40 megapixels."]


def test_40_megapixels_are_allowed():
    image, _ = prepare_image(upload(encode(Image.new("L", (8000, 5000)), "PNG"), name="big.png"))
    assert Image.open(image).size == (2400, 1500)


def test_refuses_files_over_10_mb():
    data = camera_photo() + b"\0" * (12 * 1024 * 1024)
    with pytest.raises(ValidationError) as excinfo:
        prepare_image(upload(data, name="huge.jpg"))
    assert messages(excinfo) == ["“huge.jpg” is too large (12.0\xa0MB); an image can be at most 10.0\xa0MB."]
    assert excinfo.value.code == "file_too_large"
