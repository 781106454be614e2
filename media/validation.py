"""What an upload must be before it is stored: judged by its bytes, never by its name or content type.

The order matters: the byte size is checked before anything is read into Pillow, and the pixel count
(from the header alone) before any pixel is decoded, so a small file that declares a huge canvas (a
decompression bomb) is refused without ever allocating that canvas.
"""

import hashlib
import io
import struct
import warnings
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image as PILImage
from PIL import ImageFile

from core.errors import InvalidImage

# Pillow format name -> the extension the stored file gets (from its content, not the upload's name).
ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}

# What Pillow raises on malformed input varies by plugin; all of it means "not an image we accept".
_PILLOW_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError, struct.error)


@dataclass(frozen=True)
class CheckedImage:
    data: bytes
    format: str
    extension: str
    width: int
    height: int
    sha256: str


def check_image_upload(upload) -> CheckedImage:
    """Read the upload (at most IMAGE_MAX_BYTES) and prove it is a whole JPEG, PNG or WebP of an
    acceptable pixel count; raise InvalidImage otherwise."""
    max_bytes = settings.IMAGE_MAX_BYTES
    data = _read_at_most(upload, max_bytes)
    if len(data) > max_bytes:
        raise _too_large(max_bytes)
    if not data:
        raise InvalidImage(_("文件是空的。"), params={"reason": "empty"})

    with warnings.catch_warnings():
        # Pillow only warns between its own limit and twice that; here every warning is a refusal.
        warnings.simplefilter("error", PILImage.DecompressionBombWarning)
        try:
            with PILImage.open(io.BytesIO(data), formats=list(ALLOWED_FORMATS)) as header:
                image_format = header.format
                assert image_format is not None  # opened as one of ALLOWED_FORMATS
                width, height = header.size
                _check_pixels(width, height)
                # verify() walks the chunks (PNG checksums) without decoding pixels ...
                header.verify()
            # ... but says nothing about a JPEG cut short, so decode it once; the pixel count is
            # known to be acceptable by now.
            with PILImage.open(io.BytesIO(data), formats=[image_format]) as full, _truncated_refused():
                full.load()
        except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning) as error:
            raise _too_many_pixels() from error
        except PILImage.UnidentifiedImageError as error:
            raise InvalidImage(
                _("无法识别的图片：只接受 JPEG、PNG 或 WebP 格式。"), params={"reason": "format"}
            ) from error
        except _PILLOW_ERRORS as error:
            raise InvalidImage(
                _("图片文件已损坏或不完整，请重新上传。"), params={"reason": "corrupt"}
            ) from error

    return CheckedImage(
        data=data,
        format=image_format,
        extension=ALLOWED_FORMATS[image_format],
        width=width,
        height=height,
        sha256=hashlib.sha256(data).hexdigest(),
    )


@contextmanager
def _truncated_refused():
    """Decode with truncated files refused whatever the process-wide flag says: WeasyPrint (the
    statement PDFs) switches Pillow's LOAD_TRUNCATED_IMAGES on when it is imported."""
    previous = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = previous


def _read_at_most(upload, max_bytes: int) -> bytes:
    """The upload's bytes, or max_bytes + 1 of them when it is larger (enough to know it is too big)."""
    try:
        declared = upload.size
    except (AttributeError, OSError, TypeError):
        declared = None
    if declared is not None and declared > max_bytes:
        raise _too_large(max_bytes)
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(max_bytes + 1)
    if isinstance(data, str):
        raise InvalidImage(params={"reason": "format"})
    return data


def _check_pixels(width: int, height: int) -> None:
    if width <= 0 or height <= 0:
        raise InvalidImage(_("图片尺寸无效。"), params={"reason": "corrupt"})
    if width * height > settings.IMAGE_MAX_PIXELS:
        raise _too_many_pixels()


def _too_large(max_bytes: int) -> InvalidImage:
    if max_bytes >= 1024 * 1024:
        limit = f"{max_bytes / (1024 * 1024):.1f}".removesuffix(".0") + " MB"
    else:
        limit = f"{max(max_bytes // 1024, 1)} KB"
    return InvalidImage(
        _("图片文件太大：最大 %(limit)s。") % {"limit": limit},
        params={"reason": "too_large", "max_bytes": max_bytes},
    )


def _too_many_pixels() -> InvalidImage:
    max_pixels = settings.IMAGE_MAX_PIXELS
    return InvalidImage(
        _("图片像素太多：最多 %(limit)s 万像素。") % {"limit": max_pixels // 10_000},
        params={"reason": "too_many_pixels", "max_pixels": max_pixels},
    )
