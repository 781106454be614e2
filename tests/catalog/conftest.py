"""A small catalogue world: two artisans, a category tree (costume > robe > child's robe), images."""

import pytest

from media.services import image_create
from tests import factories
from tests.media.images import png_bytes, upload


@pytest.fixture
def uren(db):
    return factories.ArtisanFactory(code="uren", name_zh="乌仁", name_latin="Uren")


@pytest.fixture
def dolma(db):
    return factories.ArtisanFactory(code="dolma", name_zh="卓玛", name_latin="Dolma")


@pytest.fixture
def costume(db):
    return factories.CategoryFactory(slug="costume", name_zh="民族服饰", name_en="Costume")


@pytest.fixture
def robes(costume):
    return factories.CategoryFactory(slug="robes", name_zh="蒙古袍", name_en="Robes", parent=costume)


@pytest.fixture
def embroidery(db):
    return factories.CategoryFactory(slug="embroidery", name_zh="刺绣", name_en="Embroidery")


@pytest.fixture
def make_image(db):
    def make_image(name="piece.png", width=64, height=48):
        return image_create(upload=upload(png_bytes(width, height), name, "image/png"))

    return make_image
