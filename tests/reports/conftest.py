"""A known week of sales: two carts and the online shop, with refunds, and one sale before it.

Qinghai times in 2026. Robes are 乌仁's (蒙古服饰), purses 秀兰's (刺绣).

  06-20 茶卡  C-0  robe 128000                              (outside the 07-01..07-02 period)
  07-01 茶卡  C-1  robe 128000; 2 purses 9800 less 1600 = 18000; one purse refunded 07-03: 9000
  07-01 翡翠  C-2  purse 9800
  07-01 网店  W-1  robe 100000 (attributed to 茶卡), refunded whole 07-04
  07-02 茶卡  C-3  purse 9800 at 07:00 (23:00 UTC on 07-01: a Qinghai day, not a UTC one)
"""

import pytest

from inventory.models import Location
from orders.models import Order, OrderLine, OrderRefund, OrderRefundLine
from orders.services import OrderDraft, OrderLineDraft, orders_record_paid
from tests import factories
from tests.ledger.support import at


def record(location, channel, number, when, lines, actor, attributed=None):
    draft = OrderDraft(
        number=number,
        lines=[OrderLineDraft(v, q, p, p, d) for v, q, p, d in lines],
        paid_at=when,
        attributed_location=attributed,
    )
    [order] = orders_record_paid(location=location, channel=channel, drafts=[draft], actor=actor)
    return Order.objects.get(pk=order.pk)


def refund(order, reference, when, lines):
    made = OrderRefund.objects.create(
        order=order, reference=reference, amount_fen=sum(a for _l, _q, a in lines), created_at=when
    )
    for line, quantity, amount in lines:
        OrderRefundLine.objects.create(refund=made, order_line=line, quantity=quantity, amount_fen=amount)
        OrderLine.objects.filter(pk=line.pk).update(refunded_quantity=quantity, refunded_fen=amount)
    return made


@pytest.fixture
def places(db):
    return {
        "base": factories.LocationFactory(code="base", kind=Location.Kind.BASE, name_zh="工坊总库"),
        "chaka": factories.LocationFactory(code="chaka", kind=Location.Kind.CART, name_zh="茶卡盐湖零售车"),
        "feicui": factories.LocationFactory(code="feicui", kind=Location.Kind.CART, name_zh="翡翠湖零售车"),
    }


@pytest.fixture
def season(places):
    staff = factories.StaffFactory(username="seller-staff")
    uren = factories.ArtisanFactory(code="uren", name_zh="乌仁")
    xiulan = factories.ArtisanFactory(code="xiulan", name_zh="秀兰")
    robe = factories.VariantFactory(
        sku="ROBE", artisan=uren, product__category=factories.CategoryFactory(name_zh="蒙古服饰")
    )
    purse = factories.VariantFactory(
        sku="PURSE", artisan=xiulan, product__category=factories.CategoryFactory(name_zh="刺绣")
    )
    chaka, feicui, base = places["chaka"], places["feicui"], places["base"]
    record(chaka, "cart", "C-0", at(6, 20), [(robe, 1, 128000, 0)], staff)
    c1 = record(chaka, "cart", "C-1", at(7, 1, 10), [(robe, 1, 128000, 0), (purse, 2, 9800, 1600)], staff)
    record(feicui, "cart", "C-2", at(7, 1, 15), [(purse, 1, 9800, 0)], staff)
    w1 = record(base, "online", "W-1", at(7, 1, 20), [(robe, 1, 100000, 0)], staff, attributed=chaka)
    record(chaka, "cart", "C-3", at(7, 2, 7), [(purse, 1, 9800, 0)], staff)
    refund(c1, "C-1-R1", at(7, 3), [(c1.lines.get(sku="PURSE"), 1, 9000)])
    refund(w1, "W-1-R1", at(7, 4), [(w1.lines.get(), 1, 100000)])
    return {"uren": uren, "xiulan": xiulan, "robe": robe, "purse": purse, **places}
