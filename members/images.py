"""Uploaded images (logos now, convening photos later): checked by content, then re-encoded.

The size is checked before anything is decoded: Pillow reads only the header in Image.open, so a
20000×20000 "decompression bomb" is refused without allocating its pixels.
"""

import io
import os

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 2 * 1024 * 1024
MAX_SIDE = 4000
FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}


def process_image(upload, *, thumbnail=(320, 320), max_bytes=MAX_BYTES, max_side=MAX_SIDE):
    """Return a ContentFile of the re-encoded, resized image, or raise ValidationError."""
    if upload.size > max_bytes:
        raise ValidationError(
            _("The image is larger than %(limit)s MB."),
            code="too_large",
            params={"limit": max_bytes // (1024 * 1024)},
        )
    upload.seek(0)
    try:
        image = Image.open(upload)
        if image.format not in FORMATS:
            raise ValidationError(_("Upload a PNG, JPEG or WebP image."), code="format")
        width, height = image.size
        if width > max_side or height > max_side:
            raise ValidationError(
                _("The image is larger than %(side)s×%(side)s pixels."),
                code="too_many_pixels",
                params={"side": max_side},
            )
        image.load()
    except ValidationError:
        raise
    except Image.DecompressionBombError:
        # Pillow refuses to even open images far beyond its pixel limit.
        raise ValidationError(
            _("The image is larger than %(side)s×%(side)s pixels."),
            code="too_many_pixels",
            params={"side": max_side},
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(_("Upload a PNG, JPEG or WebP image."), code="format") from None

    fmt = image.format
    image = ImageOps.exif_transpose(image)  # keep the picture upright once EXIF is gone
    image.thumbnail(thumbnail)
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    out = io.BytesIO()
    if fmt == "JPEG" or (not has_alpha and fmt != "PNG"):
        image.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
        ext = "jpg"
    else:
        image.convert("RGBA" if has_alpha else "RGB").save(out, "PNG", optimize=True)
        ext = "png"
    stem = os.path.splitext(os.path.basename(getattr(upload, "name", "") or "image"))[0][:40]
    return ContentFile(out.getvalue(), name=f"{stem or 'image'}.{ext}")
