import pytest

from artisans.models import Artisan, County
from artisans.services import artisan_update
from core.errors import ValidationFailed
from tests import factories


@pytest.mark.django_db
def test_the_given_fields_change_and_no_others():
    # given
    artisan = factories.ArtisanFactory(code="dolma", name_zh="卓玛", name_latin="Dolma", county=County.WULAN)
    workshop = factories.WorkshopFactory(name_zh="天峻刺绣合作社")

    # when
    returned = artisan_update(
        artisan=artisan,
        workshop=workshop,
        county=County.TIANJUN,
        story_en=" Tibetan embroidery. ",
        is_active=False,
    )

    # then
    fresh = Artisan.objects.get(pk=artisan.pk)
    assert returned is artisan
    assert (fresh.code, fresh.name_zh, fresh.name_latin) == ("dolma", "卓玛", "Dolma")
    assert (fresh.workshop, fresh.county, fresh.story_en, fresh.is_active) == (
        workshop,
        "tianjun",
        "Tibetan embroidery.",
        False,
    )
    assert (artisan.workshop, artisan.county, artisan.is_active) == (workshop, "tianjun", False)


@pytest.mark.django_db
def test_the_code_may_change_to_a_free_one():
    # given
    artisan = factories.ArtisanFactory(code="dolma")

    # when
    artisan_update(artisan=artisan, code="dolma-tianjun")

    # then
    assert Artisan.objects.get(pk=artisan.pk).code == "dolma-tianjun"


@pytest.mark.django_db
def test_an_unknown_field_is_refused_and_nothing_changes():
    # given
    artisan = factories.ArtisanFactory(code="dolma", name_zh="卓玛")

    # when
    with pytest.raises(ValidationFailed) as refused:
        artisan_update(artisan=artisan, name_zh="卓玛措", created_at=None)

    # then
    assert refused.value.field == "createdAt"
    assert str(refused.value.message) == "不能修改这些字段：created_at。"
    assert Artisan.objects.get(pk=artisan.pk).name_zh == "卓玛"
    assert artisan.name_zh == "卓玛"


@pytest.mark.django_db
def test_a_code_of_another_artisan_is_refused():
    # given
    factories.ArtisanFactory(code="uren", name_zh="乌仁")
    artisan = factories.ArtisanFactory(code="dolma", name_zh="卓玛")

    # when
    with pytest.raises(ValidationFailed) as refused:
        artisan_update(artisan=artisan, code="uren", name_zh="卓玛措")

    # then
    assert (refused.value.field, refused.value.code) == ("code", "DUPLICATE")
    assert list(Artisan.objects.values_list("code", "name_zh").order_by("code")) == [
        ("dolma", "卓玛"),
        ("uren", "乌仁"),
    ]
    assert (artisan.code, artisan.name_zh) == ("dolma", "卓玛")


@pytest.mark.django_db
def test_a_blank_name_is_refused():
    # given
    artisan = factories.ArtisanFactory(name_latin="Dolma")

    # when
    with pytest.raises(ValidationFailed) as refused:
        artisan_update(artisan=artisan, name_latin="  ")

    # then
    assert refused.value.field == "nameLatin"
    assert Artisan.objects.get(pk=artisan.pk).name_latin == "Dolma"
