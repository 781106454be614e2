"""Her sales page as she reads it: each sale dated by when it was sold (a cart's sale synced days
later too, as her statement dates it), the shop price beside her share, a photo of the piece, and a
"read it to me" button whose words are her balance and latest sales in Chinese."""

import datetime
import html
import re

from catalog.models import ProductImage
from media.services import image_create, image_make_thumbnails
from orders.models import Order, OrderLine
from portal.speech import spoken_fen
from tests import factories
from tests.media.images import jpeg_bytes, upload
from tests.portal.conftest import _sale


def _cards(body: str) -> list[str]:
    return body.split('data-testid="sale"')[1:]


def test_each_sale_is_dated_by_the_sale_with_her_share_beside_the_price(her_client, world):
    # A cart sale made on 30 July that reached the server only today (3 August), not split yet.
    late = _sale(
        "C-3",
        variant=world["robe"],
        location=world["robe_line"].order.location,
        quantity=1,
        unit_price_fen=16800,
        when=world["now"] - datetime.timedelta(days=4),
    )
    Order.objects.filter(pk=late.order_id).update(created_at=world["now"])

    body = her_client.get("/me/sales/").content.decode()

    first, second = _cards(body)
    assert 'data-testid="sold-on"' in first and "2026-07-30" in first and "2026-08-03" not in first
    assert 'data-testid="price">¥168.00<' in first
    assert 'data-testid="share">¥117.60<' in first  # her 70 %
    assert "2026-07-24" in second
    assert 'data-testid="price">¥336.00<' in second
    assert 'data-testid="share">¥235.20<' in second


def test_a_sale_not_yet_split_says_her_share_is_being_worked_out(her_client, world):
    robe = world["robe"]
    order = Order.objects.create(
        number="C-4",
        channel=Order.Channel.CART,
        status=Order.Status.PAID,
        location=world["robe_line"].order.location,
        subtotal_fen=16800,
        total_fen=16800,
        paid_at=world["now"],
    )
    OrderLine.objects.create(
        order=order,
        variant=robe,
        artisan=robe.artisan,
        sku=robe.sku,
        product_name_zh="蒙古袍",
        quantity=1,
        list_price_fen=16800,
        unit_price_fen=16800,
        total_fen=16800,
    )

    first = _cards(her_client.get("/me/sales/").content.decode())[0]

    assert 'data-testid="share">正在计算<' in first
    assert "2026-08-03" in first


def test_her_pieces_and_sales_show_a_photo_of_the_piece(her_client, world):
    image = image_make_thumbnails(image=image_create(upload=upload(jpeg_bytes(600, 600), "robe.jpg")))
    ProductImage.objects.create(product=world["robe"].product, image=image)

    for url in ("/me/pieces/", "/me/sales/"):
        body = her_client.get(url).content.decode()
        photos = re.findall(r'<img class="photo" src="([^"]+)"', body)
        assert photos == [f"/media/{image.thumbnails['160']}"], url


def test_the_read_aloud_button_speaks_her_balance_and_latest_sales_in_chinese(her_client, world):
    for url in ("/me/", "/me/sales/"):
        body = her_client.get(url).content.decode()
        speech = html.unescape(re.search(r'data-speak="([^"]*)"', body).group(1))
        assert speech == "可以付给您的：235元2角。最近卖出：7月24日，蒙古袍，2 件，您得235元2角。", url
        assert 'data-speak-lang="zh-CN"' in body
        assert "/static/portal/speak.js" in body


def test_the_words_stay_chinese_on_her_english_pages(her_client, world):
    her_client.post("/i18n/setlang/", {"language": "en", "next": "/me/"})

    body = her_client.get("/me/").content.decode()

    assert '<html lang="en">' in body
    assert 'data-speak="可以付给您的：235元2角。' in body


def test_amounts_are_said_as_one_says_them():
    assert [spoken_fen(fen) for fen in (0, 5, 50, 12605, 126000, 23520, -300)] == [
        "0元",
        "5分",
        "5角",
        "126元5分",
        "1260元",
        "235元2角",
        "负3元",
    ]


def test_a_sale_late_in_her_evening_is_dated_by_her_day_not_by_utc(her_client, world):
    # 23:30 in Qinghai on 1 August is 15:30 UTC the same day; 00:30 on 2 August is 16:30 UTC on the 1st.
    _sale(
        "C-5",
        variant=world["robe"],
        location=world["robe_line"].order.location,
        quantity=1,
        unit_price_fen=16800,
        when=datetime.datetime(2026, 8, 1, 16, 30, tzinfo=datetime.UTC),
    )

    first = _cards(her_client.get("/me/sales/").content.decode())[0]

    assert "2026-08-02" in first


def test_she_is_texted_when_a_payout_is_sent(world, caplog):
    import logging

    from ledger.models import Payout
    from ledger.services import payout_run_create
    from ledger.services.payouts import payout_sent_notify

    payout_run_create(run_date=world["now"].date(), actor=factories.StaffFactory(), at=world["now"])
    payout = Payout.objects.select_related("artisan").get(artisan=world["chimeg"])

    with caplog.at_level(logging.INFO, logger="gongfang.sms"):
        assert payout_sent_notify(payout=payout) is True

    assert [record.getMessage() for record in caplog.records if record.name == "gongfang.sms"] == [
        f"SMS to 138 0000 0001 [payout_sent]: 【工坊】已付给您 ¥235.20（{payout.get_method_display()}）。"
        "到“我的工坊”看明细。"
    ]
