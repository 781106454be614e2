"""Writes for sites and carts. A cart's stock sits at a Location of its own, made with it."""

import datetime
import re

from django.db import transaction
from django.utils.translation import gettext as _

from carts.models import Cart, Site
from core.errors import ValidationFailed
from inventory.models import Location
from inventory.services import location_create


def require_text(value: str, field: str) -> str:
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
    code = require_text(code, "code")
    if Site.objects.filter(code=code).exists():
        raise ValidationFailed(_("编号为 %(code)s 的景区已存在。") % {"code": code}, field="code")
    return Site.objects.create(
        code=code,
        name_zh=require_text(name_zh, "name_zh"),
        name_en=require_text(name_en, "name_en"),
        county_zh=county_zh.strip(),
        description_zh=description_zh.strip(),
        description_en=description_en.strip(),
    )


@transaction.atomic
def cart_create(*, code: str, name_zh: str, name_en: str, site: Site) -> Cart:
    """A cart and its stock location, both under the same code."""
    code = require_text(code, "code")
    name_zh = require_text(name_zh, "name_zh")
    name_en = require_text(name_en, "name_en")
    if Cart.objects.filter(code=code).exists():
        raise ValidationFailed(_("编号为 %(code)s 的零售车已存在。") % {"code": code}, field="code")
    location = location_create(
        code=code, kind=Location.Kind.CART, name_zh=name_zh, name_en=name_en, address_zh=site.name_zh
    )
    return Cart.objects.create(code=code, name_zh=name_zh, name_en=name_en, site=site, location=location)


WEEKDAYS = re.compile(r"1?2?3?4?5?6?7?")


@transaction.atomic
def cart_pickup_details_set(
    *,
    cart: Cart,
    opens_at: datetime.time | None,
    closes_at: datetime.time | None,
    open_weekdays: str = "1234567",
    directions_zh: str = "",
    directions_en: str = "",
) -> Cart:
    """When and where a tourist finds the cart: its hours, the weekdays it stands (ISO digits 1-7)
    and directions in both languages, as its page and the pickup choice show them."""
    if (opens_at is None) != (closes_at is None) or (opens_at and closes_at and opens_at >= closes_at):
        raise ValidationFailed(_("请填写开门和收摊时间，收摊须晚于开门。"), field="closes_at")
    if not WEEKDAYS.fullmatch(open_weekdays):
        raise ValidationFailed(_("营业的星期只能是 1 到 7 的数字，按顺序各写一次。"), field="open_weekdays")
    cart.opens_at, cart.closes_at, cart.open_weekdays = opens_at, closes_at, open_weekdays
    cart.directions_zh, cart.directions_en = directions_zh.strip(), directions_en.strip()
    cart.save(update_fields=["opens_at", "closes_at", "open_weekdays", "directions_zh", "directions_en"])
    return cart
