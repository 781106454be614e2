import pytest

from media.selectors import images_without_thumbnails
from media.services import image_create
from tests.media.images import png_bytes, upload


@pytest.mark.django_db
def test_only_images_still_waiting_for_thumbnails_are_listed(django_capture_on_commit_callbacks):
    # given: one image whose task ran, one whose task never did
    with django_capture_on_commit_callbacks(execute=True):
        done = image_create(upload=upload(png_bytes(30, 20), "done.png"))
    with django_capture_on_commit_callbacks(execute=False):
        waiting = image_create(upload=upload(png_bytes(40, 20), "waiting.png"))

    # when
    listed = list(images_without_thumbnails())

    # then
    assert listed == [waiting]
    assert done not in listed
