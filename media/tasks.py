"""Celery tasks for images: load by id, call one service."""

from celery import shared_task

from media.models import Image
from media.services import image_make_thumbnails


@shared_task(acks_late=True, ignore_result=True)
def make_thumbnails(image_id: int) -> None:
    """Make the WebP thumbnails of one image. Safe to run twice: the service skips what exists."""
    image = Image.objects.filter(pk=image_id).first()
    if image is None:  # deleted before the worker got to it
        return
    image_make_thumbnails(image=image)
