"""Pictures made in memory for the tests: real encoders for the good ones, hand-built bytes for the bad."""

import io
import random
import struct
import zlib
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage


def encoded(picture: PILImage.Image, image_format: str, **options) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, image_format, **options)
    return buffer.getvalue()


def gradient(width: int, height: int, mode: str = "RGB") -> PILImage.Image:
    """A picture with detail in it (a flat colour would hide resizing mistakes)."""
    picture = PILImage.linear_gradient("L").resize((width, height)).convert(mode)
    if mode in ("RGB", "RGBA"):
        picture.paste((180, 30, 40) + ((255,) if mode == "RGBA" else ()), (0, 0, width // 3, height // 3))
    return picture


def jpeg_bytes(width: int, height: int, *, exif_orientation: int | None = None) -> bytes:
    options = {"quality": 90}
    if exif_orientation is not None:
        exif = PILImage.Exif()
        exif[0x0112] = exif_orientation
        options["exif"] = exif.tobytes()
    return encoded(gradient(width, height), "JPEG", **options)


def png_bytes(width: int, height: int, mode: str = "RGB") -> bytes:
    return encoded(gradient(width, height, mode), "PNG")


def noise_png(width: int, height: int) -> bytes:
    """Random pixels: a PNG that does not compress, so it is at least width * height * 3 bytes."""
    pixels = random.Random(7).randbytes(width * height * 3)
    return encoded(PILImage.frombytes("RGB", (width, height), pixels), "PNG")


def bomb_png(width: int, height: int) -> bytes:
    """A well-formed 1-bit PNG of width x height black pixels: a few kilobytes that would decode to a
    canvas of width * height pixels (a decompression bomb)."""

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    row = b"\x00" * (1 + (width + 7) // 8)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


def upload(data: bytes, name: str, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def stored_files() -> list[str]:
    """Every file under MEDIA_ROOT, relative and sorted (each test has its own MEDIA_ROOT)."""
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def open_stored(name: str) -> PILImage.Image:
    picture = PILImage.open(Path(settings.MEDIA_ROOT) / name)
    picture.load()
    return picture
