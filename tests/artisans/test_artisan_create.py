import datetime

import pytest

from artisans.models import Agreement, Artisan, County
from artisans.services import AgreementTerms, artisan_create
from core.errors import ValidationFailed
from tests import factories


def create(**overrides):
    arguments = {"code": "uren", "name_zh": "乌仁", "name_latin": "Uren", "county": County.DULAN}
    return artisan_create(**(arguments | overrides))


@pytest.mark.django_db
def test_an_artisan_is_created_with_every_field():
    # given
    workshop = factories.WorkshopFactory(name_zh="都兰乌仁塔格奈民族服饰有限责任公司")
    user = factories.UserFactory(username="uren")

    # when
    artisan = create(
        workshop=workshop,
        craft_zh="蒙古族服饰",
        craft_en="Mongolian costume",
        story_zh="她从母亲那里学会了缝制蒙古袍。",
        story_en="She learned to sew robes from her mother.",
        phone="13900000000",
        heritage_inheritor=True,
        user=user,
    )

    # then
    artisan = Artisan.objects.get(pk=artisan.pk)
    assert (artisan.code, artisan.name_zh, artisan.name_latin, artisan.county) == (
        "uren",
        "乌仁",
        "Uren",
        "dulan",
    )
    assert (artisan.workshop, artisan.user, artisan.phone) == (workshop, user, "13900000000")
    assert (artisan.craft_zh, artisan.craft_en) == ("蒙古族服饰", "Mongolian costume")
    assert artisan.story_en == "She learned to sew robes from her mother."
    assert (artisan.heritage_inheritor, artisan.is_active) == (True, True)
    assert artisan.agreements.count() == 0


@pytest.mark.django_db
def test_the_first_agreement_is_created_with_the_artisan():
    # when
    artisan = create(agreement=AgreementTerms(datetime.date(2026, 3, 1), 7000, 1000, 2000))

    # then
    assert list(
        Agreement.objects.values_list("artisan", "valid_from", "artisan_bp", "operator_bp", "programme_bp")
    ) == [(artisan.pk, datetime.date(2026, 3, 1), 7000, 1000, 2000)]


@pytest.mark.django_db
def test_bad_agreement_terms_leave_no_artisan_behind():
    # when
    with pytest.raises(ValidationFailed) as refused:
        create(agreement=AgreementTerms(datetime.date(2026, 3, 1), 7000, 1000, 1000))

    # then
    assert refused.value.field == "shares"
    assert (Artisan.objects.count(), Agreement.objects.count()) == (0, 0)


@pytest.mark.django_db
def test_a_code_already_used_is_refused():
    # given
    factories.ArtisanFactory(code="uren", name_zh="乌仁其其格")

    # when
    with pytest.raises(ValidationFailed) as refused:
        create()

    # then
    assert (refused.value.field, refused.value.code) == ("code", "DUPLICATE")
    assert str(refused.value.message) == "编号“uren”已被使用。"
    assert list(Artisan.objects.values_list("name_zh", flat=True)) == ["乌仁其其格"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"code": "乌仁"}, "code"),
        ({"code": "uren tagnai"}, "code"),
        ({"code": ""}, "code"),
        ({"name_zh": " "}, "nameZh"),
        ({"name_latin": ""}, "nameLatin"),
        ({"county": "xining"}, "county"),
        ({"phone": "1" * 21}, "phone"),
    ],
)
@pytest.mark.django_db
def test_a_malformed_artisan_is_refused(overrides, field):
    # when
    with pytest.raises(ValidationFailed) as refused:
        create(**overrides)

    # then
    assert refused.value.field == field
    assert Artisan.objects.count() == 0


@pytest.mark.django_db
def test_a_login_that_belongs_to_another_artisan_is_refused():
    # given
    user = factories.UserFactory(username="dolma")
    factories.ArtisanFactory(code="dolma", user=user)

    # when
    with pytest.raises(ValidationFailed) as refused:
        create(user=user)

    # then
    assert refused.value.field == "user"
    assert list(Artisan.objects.values_list("code", flat=True)) == ["dolma"]
