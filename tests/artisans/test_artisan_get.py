import pytest

from artisans.selectors import artisan_get
from core.errors import NotFound
from tests import factories


@pytest.mark.django_db
def test_an_artisan_is_found_by_code_or_by_id():
    # given
    artisan = factories.ArtisanFactory(code="uren", name_zh="乌仁")

    # when
    by_code, by_pk = artisan_get(code="uren"), artisan_get(pk=artisan.pk)

    # then
    assert (by_code, by_pk) == (artisan, artisan)
    assert by_code.name_zh == "乌仁"


@pytest.mark.django_db
def test_a_missing_artisan_is_not_found():
    # given
    factories.ArtisanFactory(code="uren")

    # when
    with pytest.raises(NotFound) as missing:
        artisan_get(code="urenn")

    # then
    assert missing.value.params == {"code": "urenn"}


def test_exactly_one_way_of_finding_her_is_given():
    with pytest.raises(ValueError):
        artisan_get()
    with pytest.raises(ValueError):
        artisan_get(code="uren", pk=1)
