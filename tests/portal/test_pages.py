"""Each page shows her own figures, exactly, and nothing of the other artisan's."""

from django.utils import timezone

from tests import factories

OTHERS = ("刺绣钱包", "PURSE-1", "翡翠湖车", "987.65", "李秀兰")


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _nothing_of_hers(body):
    for text in OTHERS:
        assert text not in body


def test_home_shows_her_balance(her_client):
    body = _page(her_client, "/me/")
    assert "¥235.20" in body  # 70% of 2 × 168.00, past the holding period
    assert "font-size: 20px" in body
    _nothing_of_hers(body)


def test_pieces_show_where_each_one_is_and_what_sold(her_client):
    body = _page(her_client, "/me/pieces/")
    assert "蒙古袍" in body and "ROBE-M" in body
    assert "工坊总库" in body and "3 件" in body
    assert "茶卡盐湖车" in body and "2 件" in body
    assert "已卖出" in body
    _nothing_of_hers(body)


def test_sales_show_her_lines(her_client):
    body = _page(her_client, "/me/sales/")
    assert "蒙古袍" in body and "茶卡盐湖车" in body and "¥336.00" in body
    _nothing_of_hers(body)


def test_payouts_show_only_hers(her_client, world):
    from ledger.services import payout_run_create

    staff_user = factories.StaffFactory()
    payout_run_create(run_date=world["now"].date(), actor=staff_user, at=world["now"])
    body = _page(her_client, "/me/payouts/")
    assert "¥235.20" in body
    _nothing_of_hers(body)


def test_statement_page_for_the_month_her_sale_is_in(her_client, world):
    sold_at = timezone.localtime(world["robe_line"].order.created_at)
    assert f"{sold_at:%Y-%m-%d}" == "2026-07-24"
    body = _page(her_client, "/me/statements/?month=2026-07")
    assert "蒙古袍" in body and "+¥235.20" in body
    _nothing_of_hers(body)


def test_this_months_statement_leaves_out_last_months_sale(her_client, world):
    body = _page(her_client, "/me/statements/")
    assert "2026-08" in body
    assert "蒙古袍" not in body and "+¥235.20" not in body


def test_a_bad_month_is_refused_beside_the_picker_showing_this_month(her_client, world):
    response = her_client.get("/me/statements/?month=garbage")
    body = response.content.decode()
    assert response.status_code == 400
    assert "月份须是 2000-01 到 2099-12 之间的年份和月份，例如 2026-03。" in body
    assert 'value="2026-08" selected' in body


def test_statement_pdf_download(her_client):
    response = her_client.get("/me/statements/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_other_artisan_sees_hers_and_not_chimegs(client, world):
    client.force_login(world["xiulan"].user)
    body = _page(client, "/me/sales/")
    assert "刺绣钱包" in body and "蒙古袍" not in body
    body = _page(client, "/me/pieces/")
    assert "翡翠湖车" in body and "蒙古袍" not in body and "工坊总库" not in body


def test_english_switch(her_client):
    her_client.cookies["django_language"] = "en"
    body = _page(her_client, "/me/")
    assert 'lang="en"' in body


def test_a_held_sale_shows_under_review_apart_from_her_balance(her_client, world):
    from inventory.models import Location
    from orders.services import OrderDraft, OrderLineDraft, orders_record_paid
    from orders.services.holds import order_holds_create
    from orders.services.posting import orders_post_to_ledger

    # given: a robe of hers sold at ¥168.00 and held for review (her 70 % is ¥117.60)
    chaka = Location.objects.get(code="chaka")
    [order] = orders_record_paid(
        location=chaka,
        channel="cart",
        drafts=[OrderDraft("C-3", [OrderLineDraft(world["robe"], 1, 16800, 16800)], world["now"])],
        actor=factories.UserFactory(),
    )
    order_holds_create(reasons={order.pk: ["device_time_outside_shift"]})
    orders_post_to_ledger(order_ids=[order.pk])

    # then: her home shows it apart, her available balance is what it was; the sale says why
    home = _page(her_client, "/me/")
    assert "审核中（工作人员核实后才计入）" in home and "¥117.60" in home
    assert "¥235.20" in home
    sales = _page(her_client, "/me/sales/")
    assert sales.count("审核中：工作人员核实后才能付款") == 1


def test_her_header_holds_its_forms_in_a_block_not_a_span(her_client):
    for url in ("/me/", "/me/pieces/", "/me/sales/", "/me/payouts/", "/me/statements/"):
        body = _page(her_client, url)
        header = body[body.index("<header>") : body.index("</header>")]
        assert header.count("<form") == 2, url
        assert '<div class="actions">' in header, url
        assert "<span" not in header.split('<div class="actions">')[1], url
