from pathlib import Path

import pytest
from django.conf import settings

from media.models import Image
from media.services import image_create, image_make_thumbnails
from tests.media.images import encoded, gradient, jpeg_bytes, open_stored, png_bytes, stored_files, upload


def create_committed(data: bytes, name: str, capture) -> Image:
    """image_create as a request would run it: the transaction commits and the (eager) task runs."""
    with capture(execute=True):
        image = image_create(upload=upload(data, name))
    image.refresh_from_db()
    return image


@pytest.mark.django_db
def test_thumbnails_are_webp_at_each_width_keeping_the_aspect_ratio(django_capture_on_commit_callbacks):
    # when
    image = create_committed(jpeg_bytes(1200, 800), "robe.jpg", django_capture_on_commit_callbacks)

    # then
    sha = image.sha256
    assert image.thumbnails == {
        "160": f"thumbnails/{sha[:2]}/{sha}-160.webp",
        "480": f"thumbnails/{sha[:2]}/{sha}-480.webp",
    }
    small, large = open_stored(image.thumbnails["160"]), open_stored(image.thumbnails["480"])
    assert (small.format, small.mode, small.size) == ("WEBP", "RGB", (160, 107))
    assert (large.format, large.mode, large.size) == ("WEBP", "RGB", (480, 320))
    assert image.thumbnail_url(400) == f"/media/thumbnails/{sha[:2]}/{sha}-480.webp"


@pytest.mark.django_db
def test_a_small_image_is_never_upscaled(django_capture_on_commit_callbacks):
    # when
    image = create_committed(png_bytes(100, 60), "bead.png", django_capture_on_commit_callbacks)

    # then: both thumbnails keep the original 100 x 60
    assert sorted(image.thumbnails) == ["160", "480"]
    for path in image.thumbnails.values():
        thumbnail = open_stored(path)
        assert (thumbnail.format, thumbnail.size) == ("WEBP", (100, 60))


@pytest.mark.django_db
def test_the_exif_orientation_is_applied(django_capture_on_commit_callbacks):
    # given: a phone photo stored 600 x 300 with "rotate 90° clockwise to view" in its EXIF
    data = jpeg_bytes(600, 300, exif_orientation=6)

    # when
    image = create_committed(data, "upright.jpg", django_capture_on_commit_callbacks)

    # then: the thumbnails stand upright
    assert open_stored(image.thumbnails["160"]).size == (160, 320)
    assert open_stored(image.thumbnails["480"]).size == (300, 600)


@pytest.mark.django_db
def test_transparency_becomes_white_in_rgb(django_capture_on_commit_callbacks):
    # given: a PNG whose right half is fully transparent
    picture = gradient(200, 100, "RGBA")
    picture.paste((0, 0, 0, 0), (100, 0, 200, 100))

    # when
    image = create_committed(encoded(picture, "PNG"), "felt.png", django_capture_on_commit_callbacks)

    # then
    thumbnail = open_stored(image.thumbnails["160"])
    assert thumbnail.mode == "RGB"
    assert all(channel >= 245 for channel in thumbnail.getpixel((150, 40)))


@pytest.mark.django_db
def test_making_them_again_changes_nothing(django_capture_on_commit_callbacks):
    # given
    image = create_committed(jpeg_bytes(800, 600), "purse.jpg", django_capture_on_commit_callbacks)
    first = dict(image.thumbnails)
    files = stored_files()
    written = {name: (Path(settings.MEDIA_ROOT) / name).stat().st_mtime_ns for name in files}

    # when
    again = image_make_thumbnails(image=image)

    # then
    assert again.thumbnails == first
    assert stored_files() == files
    assert {name: (Path(settings.MEDIA_ROOT) / name).stat().st_mtime_ns for name in files} == written


@pytest.mark.django_db
def test_a_lost_thumbnail_is_made_again(django_capture_on_commit_callbacks):
    # given
    image = create_committed(jpeg_bytes(800, 600), "sash.jpg", django_capture_on_commit_callbacks)
    (Path(settings.MEDIA_ROOT) / image.thumbnails["480"]).unlink()

    # when
    image_make_thumbnails(image=image)

    # then
    image.refresh_from_db()
    assert open_stored(image.thumbnails["480"]).size == (480, 360)
    assert len(stored_files()) == 3  # the original and two thumbnails
