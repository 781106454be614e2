from catalog.selectors import category_list
from tests import factories


def test_categories_come_in_display_order_with_their_parents(db, django_assert_num_queries):
    # given
    costume = factories.CategoryFactory(slug="costume", sort_order=1)
    factories.CategoryFactory(slug="robes", sort_order=1, parent=costume)
    factories.CategoryFactory(slug="beads", sort_order=0)

    # when
    with django_assert_num_queries(1):
        rows = [(c.slug, c.parent.slug if c.parent else None) for c in category_list()]

    # then
    assert rows == [("beads", None), ("costume", None), ("robes", "costume")]
