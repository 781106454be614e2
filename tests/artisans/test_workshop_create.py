import pytest

from artisans.models import County, Workshop
from artisans.services import workshop_create
from core.errors import ValidationFailed


@pytest.mark.django_db
def test_a_workshop_is_created():
    # when
    workshop = workshop_create(
        name_zh=" 都兰乌仁塔格奈民族服饰有限责任公司 ", county=County.DULAN, name_en="Uren Tagnai Costume Co."
    )

    # then
    workshop.refresh_from_db()
    assert (workshop.name_zh, workshop.name_en, workshop.county) == (
        "都兰乌仁塔格奈民族服饰有限责任公司",
        "Uren Tagnai Costume Co.",
        "dulan",
    )


@pytest.mark.django_db
def test_a_second_workshop_of_the_same_name_is_refused():
    # given
    workshop_create(name_zh="天峻刺绣合作社", county=County.TIANJUN)

    # when
    with pytest.raises(ValidationFailed) as refused:
        workshop_create(name_zh="天峻刺绣合作社", county=County.DELINGHA)

    # then
    assert (refused.value.field, refused.value.code) == ("nameZh", "DUPLICATE")
    assert list(Workshop.objects.values_list("name_zh", "county")) == [("天峻刺绣合作社", "tianjun")]


@pytest.mark.parametrize(
    ("name_zh", "county", "field"),
    [("", County.WULAN, "nameZh"), ("   ", County.WULAN, "nameZh"), ("乌兰毛毡坊", "lhasa", "county")],
)
@pytest.mark.django_db
def test_a_workshop_without_a_name_or_a_known_county_is_refused(name_zh, county, field):
    # when
    with pytest.raises(ValidationFailed) as refused:
        workshop_create(name_zh=name_zh, county=county)

    # then
    assert refused.value.field == field
    assert Workshop.objects.count() == 0
