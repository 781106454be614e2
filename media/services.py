"""Writes for images: a checked upload becomes an Image row; its WebP thumbnails are made afterwards."""

import io

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from PIL import Image as PILImage
from PIL import ImageOps

from media.models import Image
from media.validation import check_image_upload

THUMBNAIL_QUALITY = 82


@transaction.atomic
def image_create(*, upload: File, alt_zh: str = "", alt_en: str = "") -> Image:
    """Store an upload that passed the content checks and enqueue its thumbnails once committed."""
    checked = check_image_upload(upload)
    image = Image(
        sha256=checked.sha256,
        alt_zh=alt_zh.strip(),
        alt_en=alt_en.strip(),
        width=checked.width,
        height=checked.height,
    )
    # The stored name comes from the content (hash and detected format), never from the upload.
    image.file.save(f"{checked.sha256[:16]}.{checked.extension}", ContentFile(checked.data), save=False)
    image.width, image.height = checked.width, checked.height
    try:
        image.save()
    except Exception:
        default_storage.delete(image.file.name)
        raise

    from media.tasks import make_thumbnails  # here, not at the top: media.tasks imports this module

    image_id = image.pk
    # robust: the upload is committed either way; a broker hiccup leaves the original as the fallback.
    transaction.on_commit(lambda: make_thumbnails.delay(image_id), robust=True)
    return image


@transaction.atomic
def image_make_thumbnails(*, image: Image) -> Image:
    """Write a WebP thumbnail for each width in THUMBNAIL_SIZES and record them on the image.

    Idempotent: widths already recorded whose file exists are left alone, so a task that runs twice
    (acks_late redelivery) does no harm. The row is locked so two runs do not interleave.
    """
    locked = Image.objects.select_for_update().get(pk=image.pk)
    thumbnails = dict(locked.thumbnails)
    missing = [
        width
        for width in settings.THUMBNAIL_SIZES
        if not (str(width) in thumbnails and default_storage.exists(thumbnails[str(width)]))
    ]
    if missing:
        source = _open_upright_rgb(locked, max(missing))
        for width in missing:
            thumbnails[str(width)] = _write_thumbnail(source, sha256=locked.sha256, width=width)
        locked.thumbnails = thumbnails
        locked.save(update_fields=["thumbnails"])
    image.thumbnails = locked.thumbnails
    return locked


def _open_upright_rgb(image: Image, largest_width: int) -> PILImage.Image:
    with image.file.open("rb") as handle, PILImage.open(handle) as original:
        # JPEG can decode at 1/2, 1/4, 1/8 scale: no need to decode every pixel of a large photo.
        # Both sides at least the largest width, so an EXIF rotation cannot leave it too narrow.
        original.draft("RGB", (largest_width, largest_width))
        upright = ImageOps.exif_transpose(original)
        return _to_rgb(upright)


def _to_rgb(picture: PILImage.Image) -> PILImage.Image:
    """RGB on a white ground: transparent areas of a PNG would otherwise turn black."""
    if picture.mode == "RGB":
        return picture
    if picture.mode in ("RGBA", "LA", "PA") or (picture.mode == "P" and "transparency" in picture.info):
        rgba = picture.convert("RGBA")
        ground = PILImage.new("RGB", rgba.size, (255, 255, 255))
        ground.paste(rgba, mask=rgba.getchannel("A"))
        return ground
    return picture.convert("RGB")


def _write_thumbnail(source: PILImage.Image, *, sha256: str, width: int) -> str:
    # Never upscale: an image narrower than the thumbnail keeps its own size.
    target_width = min(width, source.width)
    target_height = max(1, round(source.height * target_width / source.width))
    if (target_width, target_height) == source.size:
        resized = source
    else:
        resized = source.resize((target_width, target_height), PILImage.Resampling.LANCZOS, reducing_gap=3.0)
    buffer = io.BytesIO()
    resized.save(buffer, "WEBP", quality=THUMBNAIL_QUALITY, method=4)
    path = f"thumbnails/{sha256[:2]}/{sha256}-{width}.webp"
    # Same hash and width means the same picture: rewrite rather than collect numbered copies.
    if default_storage.exists(path):
        default_storage.delete(path)
    return default_storage.save(path, ContentFile(buffer.getvalue()))
