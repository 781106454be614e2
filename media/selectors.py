"""Reads for images."""

from django.db.models import QuerySet

from core.errors import NotFound
from media.models import Image


def image_get(*, image_id: int) -> Image:
    try:
        return Image.objects.get(pk=image_id)
    except Image.DoesNotExist as error:
        raise NotFound(params={"image_id": image_id}) from error


def images_without_thumbnails() -> QuerySet[Image]:
    """Images whose thumbnails were never made (the task failed or the broker was down)."""
    return Image.objects.filter(thumbnails={}).order_by("pk")
