"""A small world for the admin: the base, one cart, two artisans' pieces, and a signed-in staff client."""

import re

import pytest

from carts.services import cart_create
from inventory.models import Location
from inventory.services import location_create
from tests import factories


@pytest.fixture
def admin_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def base(db):
    return location_create(code="base", kind=Location.Kind.BASE, name_zh="工坊总库", name_en="Store room")


@pytest.fixture
def cart(db):
    site = factories.SiteFactory(code="chaka", name_zh="茶卡盐湖")
    return cart_create(code="chaka", name_zh="茶卡盐湖零售车", name_en="Chaka cart", site=site)


@pytest.fixture
def chimeg(db):
    return factories.ArtisanFactory(code="artisan-01", name_zh="其木格", name_latin="Chimeg")


@pytest.fixture
def robe(chimeg):
    return factories.VariantFactory(
        sku="MG01-M", price_fen=168000, artisan=chimeg, product__name_zh="蓝缎蒙古袍", name_zh="M 码"
    )


@pytest.fixture
def sash(chimeg):
    return factories.VariantFactory(
        sku="MG05-BLU", price_fen=23800, artisan=chimeg, product__name_zh="丝绸蒙古腰带", name_zh="蓝色"
    )


@pytest.fixture
def purse(db):
    other = factories.ArtisanFactory(code="artisan-07", name_zh="李秀兰", name_latin="Li Xiulan")
    return factories.VariantFactory(
        sku="CX01-RED", price_fen=6800, artisan=other, product__name_zh="牡丹刺绣零钱包", name_zh="红色"
    )


def formset(prefix: str, rows: list[dict], *, total: int | None = None, initial: int = 0) -> dict:
    """POST data for a formset: its management form and the rows (blank rows up to total)."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(total if total is not None else len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"{prefix}-{index}-{name}"] = "" if value is None else str(value)
    return data


def field_errors(response) -> dict[str, list[str]]:
    """{field id: messages} of the errors rendered next to fields ("" for form and formset errors)."""
    found: dict[str, list[str]] = {}
    for field_id, items in re.findall(
        r'<ul class="errorlist[^"]*"(?: id="([^"]+)_error")?>(.*?)</ul>', response.content.decode()
    ):
        found.setdefault(field_id, []).extend(re.findall(r"<li>(.*?)</li>", items))
    return found
