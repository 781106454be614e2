import pytest
from django.urls import reverse

from accounts.models import User
from carts.models import Cart, Operator
from inventory.models import Location
from tests import factories
from tests.admin.conftest import field_errors


@pytest.mark.django_db
def test_adding_a_cart_in_the_admin_makes_its_location(admin_client):
    # given
    site = factories.SiteFactory(code="feicui", name_zh="翡翠湖")

    # when
    response = admin_client.post(
        reverse("admin:carts_cart_add"),
        {"code": "feicui", "name_zh": "翡翠湖零售车", "name_en": "Emerald Lake cart", "site": site.pk},
    )

    # then
    cart = Cart.objects.get()
    assert response.status_code == 302
    assert (cart.code, cart.name_zh, cart.site) == ("feicui", "翡翠湖零售车", site)
    assert (cart.location.code, cart.location.kind) == ("feicui", Location.Kind.CART)


@pytest.mark.django_db
def test_a_cart_code_taken_by_a_location_is_refused_next_to_the_code(admin_client):
    # given
    factories.LocationFactory(code="feicui")
    site = factories.SiteFactory()

    # when
    response = admin_client.post(
        reverse("admin:carts_cart_add"),
        {"code": "feicui", "name_zh": "翡翠湖零售车", "name_en": "Emerald Lake cart", "site": site.pk},
    )

    # then
    assert response.status_code == 200
    assert field_errors(response) == {"id_code": ["编号 feicui 已被使用。"]}
    assert Cart.objects.count() == 0
    assert Location.objects.count() == 1


@pytest.mark.django_db
def test_adding_an_operator_in_the_admin_makes_her_sign_in(admin_client):
    # given
    cart = factories.CartFactory(code="chaka")

    # when
    response = admin_client.post(
        reverse("admin:carts_operator_add"),
        {
            "username": "op-chaka",
            "password": "gongfang-op",
            "display_name": "韩梅",
            "phone": "",
            "carts": [cart.pk],
        },
    )

    # then
    operator = Operator.objects.get()
    assert response.status_code == 302
    assert (operator.user.username, operator.user.display_name) == ("op-chaka", "韩梅")
    assert operator.user.check_password("gongfang-op")
    assert list(operator.carts.all()) == [cart]


@pytest.mark.django_db
def test_a_weak_operator_password_is_refused_next_to_it(admin_client):
    users = User.objects.count()

    response = admin_client.post(
        reverse("admin:carts_operator_add"),
        {"username": "op-new", "password": "12345678", "display_name": "新人", "phone": ""},
    )

    assert response.status_code == 200
    assert list(field_errors(response)) == ["id_password"]
    assert (User.objects.count(), Operator.objects.count()) == (users, 0)
