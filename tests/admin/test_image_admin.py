import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage

from media.models import Image
from tests.admin.conftest import field_errors

ADD = reverse("admin:media_image_add")


def jpeg(width=40, height=30) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (200, 40, 60)).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.mark.django_db
def test_an_upload_through_the_admin_is_stored_with_its_thumbnails(
    admin_client, django_capture_on_commit_callbacks
):
    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            ADD,
            {
                "file": SimpleUploadedFile("robe.jpg", jpeg(), "image/jpeg"),
                "alt_zh": "蓝缎蒙古袍",
                "alt_en": "Robe",
            },
        )

    # then
    image = Image.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:media_image_changelist")
    assert (image.width, image.height, image.alt_zh, image.alt_en) == (40, 30, "蓝缎蒙古袍", "Robe")
    assert sorted(image.thumbnails) == ["160", "480"]


@pytest.mark.django_db
def test_a_file_that_is_not_an_image_gets_a_message_next_to_the_field(admin_client):
    response = admin_client.post(
        ADD, {"file": SimpleUploadedFile("robe.jpg", b"not a picture at all", "image/jpeg"), "alt_zh": "袍"}
    )

    assert response.status_code == 200
    assert list(field_errors(response)) == ["id_file"]
    assert Image.objects.count() == 0


@pytest.mark.django_db
def test_an_image_with_too_many_pixels_is_refused_with_the_services_message(admin_client, settings):
    # given
    settings.IMAGE_MAX_PIXELS = 1000

    # when
    response = admin_client.post(ADD, {"file": SimpleUploadedFile("big.jpg", jpeg(50, 50), "image/jpeg")})

    # then
    assert response.status_code == 200
    assert field_errors(response) == {"id_file": ["图片像素太多：最多 0 万像素。"]}
    assert Image.objects.count() == 0


@pytest.mark.django_db
def test_a_stored_image_keeps_its_file(admin_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(ADD, {"file": SimpleUploadedFile("robe.jpg", jpeg(), "image/jpeg"), "alt_zh": "袍"})
    image = Image.objects.get()
    name = image.file.name

    page = admin_client.get(reverse("admin:media_image_change", args=[image.pk]))
    admin_client.post(
        reverse("admin:media_image_change", args=[image.pk]), {"alt_zh": "新说明", "alt_en": ""}
    )

    assert 'type="file"' not in page.content.decode()
    image.refresh_from_db()
    assert (image.file.name, image.alt_zh) == (name, "新说明")
