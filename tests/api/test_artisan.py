from tests.api.conftest import error_codes, gid

ARTISAN = """
query Artisan($id: ID, $code: String) {
  artisan(id: $id, code: $code) {
    id code name nameLatin county craft story heritageInheritor phone photo { url }
  }
}
"""


def test_artisan_by_code_shows_her_public_profile(gql, artisan):
    result = gql(ARTISAN, {"code": "urna"})

    assert result == {
        "data": {
            "artisan": {
                "id": gid("Artisan", artisan),
                "code": "urna",
                "name": "乌仁娜",
                "nameLatin": "Urna",
                "county": "WULAN",
                "craft": "蒙古族服饰",
                "story": "",
                "heritageInheritor": True,
                "phone": None,
                "photo": None,
            }
        }
    }


def test_artisan_speaks_english_to_english_readers(gql, artisan):
    result = gql(ARTISAN, {"code": "urna"}, HTTP_ACCEPT_LANGUAGE="en")

    assert result["data"]["artisan"]["name"] == "Urna"
    assert result["data"]["artisan"]["craft"] == "Mongolian costume"


def test_artisan_by_id_for_staff_includes_her_phone(gql, artisan, staff_token):
    result = gql(ARTISAN, {"id": gid("Artisan", artisan)}, token=staff_token)

    assert result["data"]["artisan"]["code"] == "urna"
    assert result["data"]["artisan"]["phone"] == "13800000001"


def test_an_artisan_sees_her_own_phone(gql, artisan, artisan_token):
    result = gql(ARTISAN, {"code": "urna"}, token=artisan_token)

    assert result["data"]["artisan"]["phone"] == "13800000001"


def test_an_inactive_artisan_is_hidden_from_the_public_but_not_from_staff(gql, artisan, staff_token):
    artisan.is_active = False
    artisan.save(update_fields=["is_active"])

    public = gql(ARTISAN, {"code": "urna"})
    staff = gql(ARTISAN, {"code": "urna"}, token=staff_token)

    assert public == {"data": {"artisan": None}}
    assert staff["data"]["artisan"]["code"] == "urna"


def test_artisan_unknown_code_or_id_of_another_type_is_null(gql, artisan, product):
    assert gql(ARTISAN, {"code": "nobody"}) == {"data": {"artisan": None}}
    assert gql(ARTISAN, {"id": gid("Product", product)}) == {"data": {"artisan": None}}
    assert gql(ARTISAN, {"id": "garbage"}) == {"data": {"artisan": None}}


def test_artisan_needs_exactly_one_of_id_and_code(gql, artisan):
    both = gql(ARTISAN, {"id": gid("Artisan", artisan), "code": "urna"})
    neither = gql(ARTISAN)

    assert both["data"] == {"artisan": None}
    assert error_codes(both) == ["INVALID"]
    assert error_codes(neither) == ["INVALID"]
