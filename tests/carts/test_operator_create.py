import pytest

from accounts.models import User
from carts.models import Operator
from carts.services import operator_create
from core.errors import ValidationFailed
from tests import factories


@pytest.mark.django_db
def test_operator_gets_a_sign_in_and_her_carts():
    # given
    chaka = factories.CartFactory(code="chaka")
    feicui = factories.CartFactory(code="feicui")

    # when
    operator = operator_create(
        username="op-chaka",
        password="gongfang-op",
        display_name="韩梅",
        carts=[chaka, feicui],
        phone="13897001234",
    )

    # then
    operator.refresh_from_db()
    user = operator.user
    assert (user.username, user.display_name, user.phone, user.is_staff) == (
        "op-chaka",
        "韩梅",
        "13897001234",
        False,
    )
    assert user.check_password("gongfang-op")
    assert sorted(operator.carts.values_list("code", flat=True)) == ["chaka", "feicui"]


@pytest.mark.django_db
def test_a_taken_username_is_refused_and_nothing_is_written():
    # given
    factories.UserFactory(username="op-chaka")

    # when
    with pytest.raises(ValidationFailed) as refused:
        operator_create(username="op-chaka", password="gongfang-op", display_name="韩梅", carts=[])

    # then
    assert refused.value.field == "username"
    assert User.objects.count() == 1
    assert Operator.objects.count() == 0


@pytest.mark.django_db
def test_a_weak_password_is_refused_and_nothing_is_written():
    with pytest.raises(ValidationFailed) as refused:
        operator_create(username="op-new", password="123", display_name="新人", carts=[])

    assert refused.value.field == "password"
    assert User.objects.count() == 0
    assert Operator.objects.count() == 0


@pytest.mark.django_db
def test_a_taken_phone_is_refused():
    # given
    factories.UserFactory(username="someone", phone="13897001234")

    # when
    with pytest.raises(ValidationFailed) as refused:
        operator_create(
            username="op-new", password="gongfang-op", display_name="新人", carts=[], phone="13897001234"
        )

    # then
    assert refused.value.field == "phone"
    assert Operator.objects.count() == 0
