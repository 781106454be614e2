import pytest

from core.errors import NotFound
from media.selectors import image_get
from media.services import image_create
from tests.media.images import png_bytes, upload


@pytest.mark.django_db
def test_an_image_is_found_by_its_id():
    # given
    image = image_create(upload=upload(png_bytes(30, 20), "tag.png"))

    # when
    found = image_get(image_id=image.pk)

    # then
    assert (found.pk, found.width, found.height) == (image.pk, 30, 20)


@pytest.mark.django_db
def test_a_missing_image_is_not_found():
    # when
    with pytest.raises(NotFound) as missing:
        image_get(image_id=424242)

    # then
    assert missing.value.params == {"image_id": 424242}
