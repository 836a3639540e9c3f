import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from members.images import process_image


def png_bytes(size=(40, 30), color=(10, 120, 90)):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_with_exif():
    buffer = io.BytesIO()
    image = Image.new("RGB", (800, 600), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "SecretCamera"  # Make
    exif[0x8825] = {2: (36.0, 12.0, 0.0)}  # GPS latitude
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def huge_png_header(width=20000, height=20000):
    """A valid PNG that declares 20000×20000 pixels but is only a few bytes long."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00"))
        + chunk(b"IEND", b"")
    )


def upload(content, name="logo.png", content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_a_real_png_is_reencoded_as_png():
    result = process_image(upload(png_bytes()))
    assert result.name.endswith(".png")
    assert Image.open(io.BytesIO(result.read())).format == "PNG"


def test_a_jpeg_loses_its_exif_and_is_resized_to_a_thumbnail():
    result = process_image(upload(jpeg_with_exif(), "photo.jpg", "image/jpeg"))
    image = Image.open(io.BytesIO(result.read()))
    assert image.format == "JPEG"
    assert max(image.size) <= 320
    assert not image.getexif()
    assert b"SecretCamera" not in result.open().read()


def test_a_text_file_named_png_is_refused():
    with pytest.raises(ValidationError) as error:
        process_image(upload(b"this is not an image at all", "logo.png"))
    assert error.value.code == "format"


def test_a_gif_is_refused_even_though_pillow_reads_it():
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "GIF")
    with pytest.raises(ValidationError) as error:
        process_image(upload(buffer.getvalue(), "logo.gif", "image/gif"))
    assert error.value.code == "format"


def test_a_20000_pixel_png_is_refused_before_decoding():
    with pytest.raises(ValidationError) as error:
        process_image(upload(huge_png_header()))
    assert error.value.code == "too_many_pixels"


def test_a_3_mb_file_is_refused():
    with pytest.raises(ValidationError) as error:
        process_image(upload(png_bytes() + b"\x00" * (3 * 1024 * 1024)))
    assert error.value.code == "too_large"


def test_a_truncated_png_is_refused():
    with pytest.raises(ValidationError) as error:
        process_image(upload(png_bytes((400, 400))[:200]))
    assert error.value.code == "format"
