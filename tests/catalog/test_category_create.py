import pytest

from catalog.models import Category
from catalog.services import category_create
from core.errors import ValidationFailed


@pytest.mark.django_db
def test_a_top_category_and_one_below_it_are_created():
    # when
    costume = category_create(slug="costume", name_zh=" 民族服饰 ", name_en="Costume", sort_order=2)
    robes = category_create(
        slug="robes",
        name_zh="蒙古袍",
        name_en="Mongolian robes",
        parent=costume,
        description_zh="手工缝制",
        description_en="Sewn by hand",
    )

    # then
    assert list(
        Category.objects.order_by("slug").values_list(
            "slug", "name_zh", "parent__slug", "sort_order", "description_en"
        )
    ) == [
        ("costume", "民族服饰", None, 2, ""),
        ("robes", "蒙古袍", "costume", 0, "Sewn by hand"),
    ]
    assert robes.parent == costume


@pytest.mark.django_db
def test_a_slug_already_used_is_refused(costume):
    # when
    with pytest.raises(ValidationFailed) as refused:
        category_create(slug="costume", name_zh="服装", name_en="Clothes")

    # then
    assert (refused.value.field, refused.value.code) == ("slug", "DUPLICATE")
    assert list(Category.objects.values_list("name_zh", flat=True)) == ["民族服饰"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"slug": "民族服饰"}, "slug"),
        ({"slug": "felt work"}, "slug"),
        ({"name_zh": ""}, "nameZh"),
        ({"name_en": "  "}, "nameEn"),
        ({"sort_order": -1}, "sortOrder"),
    ],
)
@pytest.mark.django_db
def test_a_malformed_category_is_refused(overrides, field):
    # when
    with pytest.raises(ValidationFailed) as refused:
        category_create(**({"slug": "felt", "name_zh": "毛毡", "name_en": "Felt"} | overrides))

    # then
    assert refused.value.field == field
    assert Category.objects.count() == 0
