import pytest

from artisans.selectors import artisan_list
from media.services import image_create
from tests import factories
from tests.media.images import png_bytes, upload


@pytest.fixture
def people(db):
    dulan = factories.WorkshopFactory(name_zh="都兰乌仁塔格奈民族服饰有限责任公司")
    photo = image_create(upload=upload(png_bytes(40, 40), "uren.png"))
    return {
        "uren": factories.ArtisanFactory(
            code="uren", name_zh="乌仁", name_latin="Uren", workshop=dulan, photo=photo
        ),
        "tsetseg": factories.ArtisanFactory(
            code="tsetseg", name_zh="其其格", name_latin="Tsetseg", workshop=dulan
        ),
        "dolma": factories.ArtisanFactory(code="dolma", name_zh="卓玛", name_latin="Dolma"),
        "lhamo": factories.ArtisanFactory(code="lhamo-gm", name_zh="拉毛", name_latin="Lhamo"),
    }


def codes(artisans):
    return [artisan.code for artisan in artisans]


def test_all_artisans_by_code(people):
    assert codes(artisan_list()) == ["dolma", "lhamo-gm", "tsetseg", "uren"]


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("乌仁", ["uren"]),
        ("dol", ["dolma"]),
        ("TSETSEG", ["tsetseg"]),
        ("-gm", ["lhamo-gm"]),
        ("  ", None),
        ("马", []),
    ],
)
def test_search_matches_either_name_or_the_code(people, search, expected):
    # when
    found = codes(artisan_list(search=search))

    # then
    assert found == (expected if expected is not None else ["dolma", "lhamo-gm", "tsetseg", "uren"])


def test_a_workshop_keeps_its_members(people):
    # when
    found = artisan_list(workshop=people["uren"].workshop)

    # then
    assert codes(found) == ["tsetseg", "uren"]


def test_workshop_and_photo_come_in_the_same_query(people, django_assert_num_queries):
    # when
    with django_assert_num_queries(1):
        rows = [
            (
                artisan.code,
                artisan.workshop.name_zh if artisan.workshop else None,
                artisan.photo_id and artisan.photo.width,
            )
            for artisan in artisan_list()
        ]

    # then
    assert rows == [
        ("dolma", None, None),
        ("lhamo-gm", None, None),
        ("tsetseg", "都兰乌仁塔格奈民族服饰有限责任公司", None),
        ("uren", "都兰乌仁塔格奈民族服饰有限责任公司", 40),
    ]
