"""Writes for sites and carts. A cart's stock sits at a Location of its own, made with it."""

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
