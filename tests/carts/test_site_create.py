import pytest

from carts.models import Site
from carts.services import site_create
from core.errors import ValidationFailed


@pytest.mark.django_db
def test_site_is_created_with_its_names():
    # when
    site = site_create(code="chaka", name_zh="茶卡盐湖", name_en="Chaka Salt Lake", county_zh="乌兰县")

    # then
    site.refresh_from_db()
    assert (site.code, site.name_zh, site.name_en, site.county_zh) == (
        "chaka",
        "茶卡盐湖",
        "Chaka Salt Lake",
        "乌兰县",
    )


@pytest.mark.django_db
def test_a_taken_code_is_refused_and_nothing_is_written():
    # given
    site_create(code="chaka", name_zh="茶卡盐湖", name_en="Chaka Salt Lake")

    # when
    with pytest.raises(ValidationFailed) as refused:
        site_create(code="chaka", name_zh="另一个", name_en="Another")

    # then
    assert refused.value.field == "code"
    assert list(Site.objects.values_list("name_zh", flat=True)) == ["茶卡盐湖"]


@pytest.mark.django_db
def test_a_blank_name_is_refused():
    with pytest.raises(ValidationFailed) as refused:
        site_create(code="feicui", name_zh="  ", name_en="Emerald Lake")

    assert refused.value.field == "name_zh"
    assert Site.objects.count() == 0
