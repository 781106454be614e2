import time
from pathlib import Path

import pytest
from django.conf import settings

from media.models import Image
from media.services import image_create
from media.tasks import make_thumbnails
from tests.media.images import jpeg_bytes, open_stored, stored_files, upload


@pytest.mark.django_db
def test_the_task_makes_the_thumbnails_of_the_image_it_is_given(django_capture_on_commit_callbacks):
    # given: an image whose enqueued task was never run
    with django_capture_on_commit_callbacks(execute=False):
        image = image_create(upload=upload(jpeg_bytes(960, 640), "lake.jpg"))

    # when
    make_thumbnails(image.pk)

    # then
    image.refresh_from_db()
    assert {size: open_stored(path).size for size, path in image.thumbnails.items()} == {
        "160": (160, 107),
        "480": (480, 320),
    }


@pytest.mark.django_db
def test_the_task_for_a_deleted_image_does_nothing():
    # when
    make_thumbnails(987654)

    # then
    assert Image.objects.count() == 0
    assert stored_files() == []


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_makes_the_thumbnails_after_the_upload_commits(celery_worker):
    # when: the upload commits, and the task leaves through Redis for the worker process
    image = image_create(upload=upload(jpeg_bytes(1600, 1200), "chaka.jpg"))

    # then
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        image.refresh_from_db()
        if sorted(image.thumbnails) == ["160", "480"]:
            break
        time.sleep(0.2)
    log = (Path(settings.MEDIA_ROOT).parent / "celery.log").read_text()
    assert sorted(image.thumbnails) == ["160", "480"], log
    assert "media.tasks.make_thumbnails[" in log
    small, large = open_stored(image.thumbnails["160"]), open_stored(image.thumbnails["480"])
    assert (small.format, small.size) == ("WEBP", (160, 120))
    assert (large.format, large.size) == ("WEBP", (480, 360))
