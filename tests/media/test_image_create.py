import hashlib

import pytest
from PIL import PngImagePlugin

from core.errors import InvalidImage
from media.models import Image
from media.services import image_create
from tests.media.images import (
    bomb_png,
    encoded,
    gradient,
    jpeg_bytes,
    noise_png,
    open_stored,
    png_bytes,
    stored_files,
    upload,
)


def assert_nothing_stored():
    assert Image.objects.count() == 0
    assert stored_files() == []


@pytest.mark.django_db
def test_a_jpeg_is_stored_with_its_size_hash_and_alt_text():
    # given
    data = jpeg_bytes(640, 480)

    # when
    image = image_create(upload=upload(data, "robe.jpg"), alt_zh=" 蒙古袍 ", alt_en="Mongolian robe")

    # then
    image.refresh_from_db()
    sha = hashlib.sha256(data).hexdigest()
    assert (image.width, image.height, image.sha256) == (640, 480, sha)
    assert (image.alt_zh, image.alt_en) == ("蒙古袍", "Mongolian robe")
    assert image.file.name.startswith("images/")
    assert image.file.name.endswith(f"/{sha[:16]}.jpg")
    with image.file.open("rb") as stored:
        assert stored.read() == data
    assert open_stored(image.file.name).format == "JPEG"


@pytest.mark.django_db
def test_a_png_is_accepted_and_named_by_its_content_not_its_extension():
    # given: a PNG that claims to be a JPEG
    data = png_bytes(300, 200)

    # when
    image = image_create(upload=upload(data, "purse.jpg"))

    # then
    image.refresh_from_db()
    assert (image.width, image.height) == (300, 200)
    assert image.file.name.endswith(f"{hashlib.sha256(data).hexdigest()[:16]}.png")
    assert stored_files() == [image.file.name]


@pytest.mark.django_db
def test_a_webp_is_accepted():
    # when
    image = image_create(upload=upload(encoded(gradient(90, 120), "WEBP"), "felt.webp", "image/webp"))

    # then
    image.refresh_from_db()
    assert (image.width, image.height) == (90, 120)
    assert image.file.name.endswith(".webp")


@pytest.mark.django_db
def test_the_thumbnails_are_enqueued_only_when_the_upload_commits(django_capture_on_commit_callbacks):
    # when
    with django_capture_on_commit_callbacks() as callbacks:
        image = image_create(upload=upload(jpeg_bytes(200, 100), "salt.jpg"))

    # then: nothing was made inside the transaction; the one callback makes them
    assert len(callbacks) == 1
    image.refresh_from_db()
    assert image.thumbnails == {}
    callbacks[0]()
    image.refresh_from_db()
    assert sorted(image.thumbnails) == ["160", "480"]


@pytest.mark.django_db
def test_a_text_file_named_jpg_is_refused():
    # when
    with pytest.raises(InvalidImage) as refused:
        image_create(upload=upload(b"just some notes, not a picture\n" * 20, "photo.jpg"))

    # then
    assert refused.value.params == {"reason": "format"}
    assert refused.value.field == "image"
    assert str(refused.value.message) == "无法识别的图片：只接受 JPEG、PNG 或 WebP 格式。"
    assert_nothing_stored()


@pytest.mark.django_db
def test_a_gif_is_refused_although_pillow_can_read_it():
    # when
    with pytest.raises(InvalidImage) as refused:
        image_create(upload=upload(encoded(gradient(40, 40), "GIF"), "beads.gif", "image/gif"))

    # then
    assert refused.value.params == {"reason": "format"}
    assert_nothing_stored()


@pytest.mark.django_db
def test_an_empty_file_is_refused():
    # when
    with pytest.raises(InvalidImage) as refused:
        image_create(upload=upload(b"", "empty.jpg"))

    # then
    assert refused.value.params == {"reason": "empty"}
    assert_nothing_stored()


@pytest.mark.django_db
def test_a_truncated_jpeg_is_refused():
    # given: the first half of a real JPEG (an upload cut off on a slow connection)
    data = jpeg_bytes(400, 300)

    # when
    with pytest.raises(InvalidImage) as refused:
        image_create(upload=upload(data[: len(data) // 2], "thangka.jpg"))

    # then
    assert refused.value.params == {"reason": "corrupt"}
    assert str(refused.value.message) == "图片文件已损坏或不完整，请重新上传。"
    assert_nothing_stored()


@pytest.mark.django_db
def test_a_png_with_a_broken_checksum_is_refused():
    # given: one byte of the pixel data flipped, which verify() finds through the chunk checksum
    data = bytearray(png_bytes(64, 64))
    data[data.index(b"IDAT") + 10] ^= 0xFF

    # when
    with pytest.raises(InvalidImage) as refused:
        image_create(upload=upload(bytes(data), "pillow-cover.png", "image/png"))

    # then
    assert refused.value.params == {"reason": "corrupt"}
    assert_nothing_stored()


@pytest.mark.django_db
def test_a_file_over_the_byte_limit_is_refused(settings):
    # given
    settings.IMAGE_MAX_BYTES = 20 * 1024
    data = noise_png(100, 100)
    assert len(data) > 30_000

    # when
    with pytest.raises(InvalidImage) as refused:
        image_create(upload=upload(data, "big.png", "image/png"))

    # then
    assert refused.value.params == {"reason": "too_large", "max_bytes": 20 * 1024}
    assert str(refused.value.message) == "图片文件太大：最大 20 KB。"
    assert_nothing_stored()


@pytest.mark.django_db
def test_a_file_exactly_at_the_byte_limit_is_accepted(settings):
    # given
    data = png_bytes(50, 50)
    settings.IMAGE_MAX_BYTES = len(data)

    # when
    image = image_create(upload=upload(data, "exact.png", "image/png"))

    # then
    assert Image.objects.get().pk == image.pk


@pytest.mark.django_db
def test_a_decompression_bomb_is_refused_without_decoding_it(monkeypatch):
    # given: 20000 x 20000 pixels (400 million) in a file of a few kilobytes, default limits
    data = bomb_png(20_000, 20_000)
    assert len(data) < 100_000
    monkeypatch.setattr(PngImagePlugin.PngImageFile, "load", _must_not_decode)

    # when
    with pytest.raises(InvalidImage) as refused:
        image_create(upload=upload(data, "bomb.png", "image/png"))

    # then
    assert refused.value.params == {"reason": "too_many_pixels", "max_pixels": 40_000_000}
    assert str(refused.value.message) == "图片像素太多：最多 4000 万像素。"
    assert_nothing_stored()


@pytest.mark.django_db
def test_more_pixels_than_our_limit_is_refused_even_where_pillow_would_allow_them(monkeypatch):
    # given: 50 million pixels, over IMAGE_MAX_PIXELS (40 million), under Pillow's own warning level
    data = bomb_png(10_000, 5_000)
    monkeypatch.setattr(PngImagePlugin.PngImageFile, "load", _must_not_decode)

    # when
    with pytest.raises(InvalidImage) as refused:
        image_create(upload=upload(data, "wide.png", "image/png"))

    # then
    assert refused.value.params["reason"] == "too_many_pixels"
    assert_nothing_stored()


@pytest.mark.django_db
def test_the_pixel_limit_comes_from_the_settings(settings):
    # given
    settings.IMAGE_MAX_PIXELS = 100 * 100

    # when
    with pytest.raises(InvalidImage) as refused:
        image_create(upload=upload(png_bytes(101, 100), "just-over.png", "image/png"))
    image = image_create(upload=upload(png_bytes(100, 100), "just-right.png", "image/png"))

    # then
    assert refused.value.params == {"reason": "too_many_pixels", "max_pixels": 10_000}
    assert list(Image.objects.values_list("pk", "width", "height")) == [(image.pk, 100, 100)]


def _must_not_decode(self, *args, **kwargs):
    raise AssertionError("the pixels were decoded before the pixel count was checked")
