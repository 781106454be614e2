"""Two artisans with pieces, sales and ledger postings: 其木格 (the one logged in) and 李秀兰 (the other)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache

from artisans.services import artisan_pin_set
from inventory.models import Location, StockLevel
from ledger.models import Channel
from ledger.services import SaleLine, sale_lines_post
from orders.models import Order, OrderLine
from tests import factories

PIN = "246810"

# The clock is pinned early in a month in Qinghai, so her sale ten days back falls in the month before
# (July) and the other artisan's sale of yesterday in this one (August), whatever day the suite runs.
NOW = datetime.datetime(2026, 8, 3, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def _portal_settings(settings):
    settings.LEDGER_HOLDING_DAYS = 7
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LANGUAGE_CODE = "zh-hans"
    cache.clear()
    yield
    cache.clear()


def _sale(number, *, variant, location, quantity, unit_price_fen, when, channel=Order.Channel.CART):
    order = Order.objects.create(
        number=number,
        channel=channel,
        status=Order.Status.PAID,
        location=location,
        subtotal_fen=unit_price_fen * quantity,
        total_fen=unit_price_fen * quantity,
        paid_at=when,
    )
    line = OrderLine.objects.create(
        order=order,
        variant=variant,
        artisan=variant.artisan,
        sku=variant.sku,
        product_name_zh=variant.product.name_zh,
        product_name_en=variant.product.name_en,
        quantity=quantity,
        list_price_fen=unit_price_fen,
        unit_price_fen=unit_price_fen,
        total_fen=unit_price_fen * quantity,
    )
    Order.objects.filter(pk=order.pk).update(created_at=when)
    sale_lines_post(
        lines=[
            SaleLine(
                reference=f"{number}/{line.pk}",
                occurred_at=when,
                artisan_id=variant.artisan_id,
                product_id=variant.product_id,
                paid_fen=line.total_fen,
                channel=Channel.CART,
                location_id=location.pk,
                quantity=quantity,
            )
        ]
    )
    return line


@pytest.fixture
def world(db, time_machine):
    time_machine.move_to(NOW)
    now = NOW.astimezone(datetime.UTC)
    base = factories.LocationFactory(code="base", kind=Location.Kind.BASE, name_zh="工坊总库", name_en="Base")
    chaka = factories.LocationFactory(
        code="chaka", kind=Location.Kind.CART, name_zh="茶卡盐湖车", name_en="Chaka cart"
    )
    feicui = factories.LocationFactory(
        code="feicui", kind=Location.Kind.CART, name_zh="翡翠湖车", name_en="Emerald cart"
    )
    chimeg = factories.ArtisanFactory(
        code="chimeg", name_zh="其木格", name_latin="Chimeg", phone="138 0000 0001"
    )
    xiulan = factories.ArtisanFactory(
        code="xiulan", name_zh="李秀兰", name_latin="Li Xiulan", phone="13800000002"
    )
    for artisan in (chimeg, xiulan):
        factories.AgreementFactory(artisan=artisan, valid_from=datetime.date(2020, 1, 1))
    robe = factories.VariantFactory(
        sku="ROBE-M",
        artisan=chimeg,
        product=factories.ProductFactory(name_zh="蒙古袍", name_en="Mongolian robe"),
    )
    purse = factories.VariantFactory(
        sku="PURSE-1",
        artisan=xiulan,
        product=factories.ProductFactory(name_zh="刺绣钱包", name_en="Embroidered purse"),
    )
    StockLevel.objects.create(variant=robe, location=base, quantity=3)
    StockLevel.objects.create(variant=robe, location=chaka, quantity=2)
    StockLevel.objects.create(variant=purse, location=feicui, quantity=9)
    # 其木格: 2 robes at 168.00 on 24 July (her 70% = 235.20, available); 李秀兰: a purse at 987.65
    # on 2 August.
    robe_line = _sale(
        "C-1",
        variant=robe,
        location=chaka,
        quantity=2,
        unit_price_fen=16800,
        when=now - datetime.timedelta(days=10),
    )
    purse_line = _sale(
        "C-2",
        variant=purse,
        location=feicui,
        quantity=1,
        unit_price_fen=98765,
        when=now - datetime.timedelta(days=1),
    )
    artisan_pin_set(artisan=chimeg, pin=PIN)
    artisan_pin_set(artisan=xiulan, pin="135790")
    chimeg.refresh_from_db()
    xiulan.refresh_from_db()
    robe_line.order.refresh_from_db()
    purse_line.order.refresh_from_db()
    return {
        "chimeg": chimeg,
        "xiulan": xiulan,
        "robe": robe,
        "purse": purse,
        "robe_line": robe_line,
        "purse_line": purse_line,
        "now": now,
    }


@pytest.fixture
def her_client(client, world):
    client.force_login(world["chimeg"].user)
    return client
