"""Writes for sites, carts and their operators. A cart's stock sits at a Location of its own, made with it."""

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from carts.models import Cart, Operator, Site
from core.errors import ValidationFailed
from inventory.models import Location
from inventory.services import location_create


def _require(value: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationFailed(_("必填项。"), field=field)
    return value


@transaction.atomic
def site_create(
    *,
    code: str,
    name_zh: str,
    name_en: str,
    county_zh: str = "",
    description_zh: str = "",
    description_en: str = "",
) -> Site:
    code = _require(code, "code")
    if Site.objects.filter(code=code).exists():
        raise ValidationFailed(_("编号为 %(code)s 的景区已存在。") % {"code": code}, field="code")
    return Site.objects.create(
        code=code,
        name_zh=_require(name_zh, "name_zh"),
        name_en=_require(name_en, "name_en"),
        county_zh=county_zh.strip(),
        description_zh=description_zh.strip(),
        description_en=description_en.strip(),
    )


@transaction.atomic
def cart_create(*, code: str, name_zh: str, name_en: str, site: Site) -> Cart:
    """A cart and its stock location, both under the same code."""
    code = _require(code, "code")
    name_zh = _require(name_zh, "name_zh")
    name_en = _require(name_en, "name_en")
    if Cart.objects.filter(code=code).exists():
        raise ValidationFailed(_("编号为 %(code)s 的零售车已存在。") % {"code": code}, field="code")
    location = location_create(
        code=code, kind=Location.Kind.CART, name_zh=name_zh, name_en=name_en, address_zh=site.name_zh
    )
    return Cart.objects.create(code=code, name_zh=name_zh, name_en=name_en, site=site, location=location)


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
    username = _require(username, "username")
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
