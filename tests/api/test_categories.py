from tests import factories

CATEGORIES = """
query Categories($first: Int, $after: String) {
  categories(first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage }
    edges { node { slug name description parent { slug } } }
  }
}
"""


def make_categories():
    textiles = factories.CategoryFactory(slug="textiles", name_zh="织品", name_en="Textiles", sort_order=0)
    factories.CategoryFactory(
        slug="robes", name_zh="长袍", name_en="Robes", parent=textiles, sort_order=1, description_zh="蒙古袍"
    )
    factories.CategoryFactory(slug="felt", name_zh="毡艺", name_en="Felt", sort_order=2)


def test_categories_are_public_in_display_order_with_their_parent(gql, db):
    make_categories()

    result = gql(CATEGORIES)

    assert result == {
        "data": {
            "categories": {
                "totalCount": 3,
                "pageInfo": {"hasNextPage": False, "hasPreviousPage": False},
                "edges": [
                    {"node": {"slug": "textiles", "name": "织品", "description": "", "parent": None}},
                    {
                        "node": {
                            "slug": "robes",
                            "name": "长袍",
                            "description": "蒙古袍",
                            "parent": {"slug": "textiles"},
                        }
                    },
                    {"node": {"slug": "felt", "name": "毡艺", "description": "", "parent": None}},
                ],
            }
        }
    }


def test_categories_are_named_in_english_for_english_readers(gql, db):
    make_categories()

    result = gql(CATEGORIES, {"first": 2}, HTTP_ACCEPT_LANGUAGE="en")

    assert [edge["node"]["name"] for edge in result["data"]["categories"]["edges"]] == ["Textiles", "Robes"]
    # No English description: the Chinese one rather than nothing.
    assert result["data"]["categories"]["edges"][1]["node"]["description"] == "蒙古袍"
    assert result["data"]["categories"]["pageInfo"]["hasNextPage"] is True


def test_categories_refuse_a_negative_page(gql, db):
    result = gql(CATEGORIES, {"first": -1})

    assert result["data"] == {"categories": None}
    assert result["errors"][0]["message"] == "`first` must not be negative."
