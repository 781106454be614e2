import pytest
from django.contrib.auth.models import AnonymousUser

from carts.selectors import carts_for_user
from tests import factories


@pytest.fixture
def carts(db):
    return {
        code: factories.CartFactory(code=code, is_active=code != "retired")
        for code in ("chaka", "dongtai", "feicui", "retired")
    }


def codes(queryset):
    return [cart.code for cart in queryset]


def test_staff_see_every_active_cart(carts):
    staff = factories.StaffFactory()

    assert codes(carts_for_user(staff)) == ["chaka", "dongtai", "feicui"]


def test_an_operator_sees_her_own_active_carts(carts):
    operator = factories.OperatorFactory(carts=[carts["feicui"], carts["chaka"], carts["retired"]])
    factories.OperatorFactory(carts=[carts["dongtai"]])

    assert codes(carts_for_user(operator.user)) == ["chaka", "feicui"]


def test_anyone_else_sees_none(carts):
    artisan_user = factories.UserFactory(username="artisan-01")

    assert codes(carts_for_user(artisan_user)) == []
    assert codes(carts_for_user(AnonymousUser())) == []


def test_the_carts_come_with_site_and_location_in_one_query(carts, django_assert_num_queries):
    operator = factories.OperatorFactory(carts=list(carts.values()))

    with django_assert_num_queries(1):
        names = [(cart.site.name_zh, cart.location.code) for cart in carts_for_user(operator.user)]

    assert len(names) == 3
