"""Writes for cart operators: the sign-in, the carts she works, the PIN she signs in with on the tablet."""

import re
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.services import user_sign_ins_revoke
from carts.models import Cart, Operator
from carts.services.places import require_text
from core.errors import PermissionDenied, ValidationFailed

PIN = re.compile(r"[0-9]{4,6}")


@transaction.atomic
def operator_create(
    *,
    username: str,
    password: str,
    display_name: str,
    carts: Iterable[Cart],
    phone: str | None = None,
    is_trainee: bool = False,
) -> Operator:
    """A sign-in for a cart operator and the carts she may act on."""
    User = get_user_model()
    username = require_text(username, "username")
    if User.objects.filter(username=username).exists():
        raise ValidationFailed(_("用户名 %(username)s 已被使用。") % {"username": username}, field="username")
    phone = (phone or "").strip() or None
    if phone and User.objects.filter(phone=phone).exists():
        raise ValidationFailed(_("手机号 %(phone)s 已被使用。") % {"phone": phone}, field="phone")
    user = User(username=username, display_name=display_name.strip(), phone=phone)
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationFailed(" ".join(error.messages), field="password") from error
    user.set_password(password)
    user.save()
    operator = Operator.objects.create(user=user, is_trainee=is_trainee)
    operator.carts.set(list(carts))
    return operator


@transaction.atomic
def operator_pin_set(*, operator: Operator, pin: str) -> Operator:
    """Set (or change) the 4-6 digit PIN she signs in with on the tablet; it is stored hashed. Every
    token she was given before is refused from now on (a PIN someone saw is no key any more)."""
    if not isinstance(pin, str) or not PIN.fullmatch(pin):
        raise ValidationFailed(_("PIN 必须是 4 到 6 位数字。"), field="pin")
    operator.pin_hash = make_password(pin)
    operator.save(update_fields=["pin_hash"])
    user_sign_ins_revoke(user=operator.user)
    return operator


def operator_authenticate(*, username: str, pin: str, cart: Cart | None = None) -> Operator:
    """The operator with this username and PIN (and, when a cart is given, assigned to it).

    Raises PermissionDenied with code INVALID_CREDENTIALS for an unknown or inactive user, a user who
    is no operator, no PIN set or a wrong one, all alike; PERMISSION_DENIED for another cart.
    """
    operator = (
        Operator.objects.select_related("user")
        .filter(user__username=username or "", user__is_active=True)
        .first()
    )
    if operator is None or not operator.pin_hash:
        make_password(pin or "")  # as slow as a real check: the answer's timing tells nothing
        raise _invalid_credentials()
    if not check_password(pin or "", operator.pin_hash):
        raise _invalid_credentials()
    if cart is not None and not operator.carts.filter(pk=cart.pk).exists():
        raise PermissionDenied(_("这辆零售车不归您负责。"), field="cart")
    return operator


def _invalid_credentials() -> PermissionDenied:
    return PermissionDenied(_("用户名或 PIN 不正确。"), code="INVALID_CREDENTIALS", field="pin")
