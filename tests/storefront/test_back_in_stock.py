""" "Tell me when it is back" on the product page of a sold-out piece: a small form (a phone or an email,
checked as the checkout checks them), one request per contact, a limit per address, messages next to
the field, in Chinese and English; and the unsubscribe link's page."""

import pytest
from django.urls import reverse

from catalog.services import VariantInput, product_create
from inventory.models import BackInStockSubscription

pytestmark = pytest.mark.django_db


@pytest.fixture
def yak(shop):
    """A felt yak, sold out everywhere (no stock was ever taken in)."""
    product = product_create(
        slug="felt-yak",
        name_zh="毡制牦牛",
        name_en="Felt yak",
        category=shop["purse"].category,
        variants=[VariantInput(sku="YAK", price_fen=12800, artisan=shop["maker"])],
    )
    return product.variants.get()


def page(client, slug) -> str:
    return client.get(reverse("storefront:product", kwargs={"slug": slug})).content.decode()


def ask(client, **data):
    return client.post(reverse("storefront:back-in-stock", kwargs={"slug": "felt-yak"}), data)


def field_html(html: str, name: str) -> str:
    start = html.index(f'id="f-{name}"')
    return html[start : html.index("</div>\n", html.index("</label>", start)) + 7]


def test_only_a_sold_out_piece_offers_the_form(client, shop, yak):
    assert 'data-testid="back-in-stock"' in page(client, "felt-yak")
    assert f'name="variant" value="{yak.pk}"' in page(client, "felt-yak")
    assert 'data-testid="back-in-stock"' not in page(client, "embroidered-purse")


def test_a_phone_is_kept_once_and_the_page_says_so(client, shop, yak):
    done = ask(client, variant=yak.pk, phone="13800000001", email="")
    again = ask(client, variant=yak.pk, phone="13800000001", email="")

    assert done.status_code == again.status_code == 302
    assert done["Location"] == "/p/felt-yak/#back-in-stock"
    assert "好的，到货时我们会通知您一次。" in client.get(done["Location"]).content.decode()
    [request] = BackInStockSubscription.objects.all()
    assert (request.variant, request.phone, request.email, request.language) == (
        yak,
        "13800000001",
        "",
        "zh-hans",
    )


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"phone": "", "email": ""}, "phone", "请填写手机号或邮箱，至少一项。"),
        ({"phone": "12ab", "email": ""}, "phone", "请填写有效的手机号。"),
        ({"phone": "", "email": "ann@"}, "email", "请填写有效的邮箱地址。"),
    ],
)
def test_bad_input_is_said_next_to_its_field_and_nothing_is_kept(client, shop, yak, data, field, message):
    response = ask(client, variant=yak.pk, **data)

    assert response.status_code == 400
    assert message in field_html(response.content.decode(), field)
    assert not BackInStockSubscription.objects.exists()


def test_in_english(english, shop, yak):
    assert "Tell me when it is back" in page(english, "felt-yak")

    response = ask(english, variant=yak.pk, phone="", email="")

    assert "Give a phone number or an email address, at least one." in field_html(
        response.content.decode(), "phone"
    )
    ask(english, variant=yak.pk, email="ann@example.com")
    assert BackInStockSubscription.objects.get().language == "en"


def test_an_address_that_keeps_asking_is_told_to_wait(client, shop, yak, settings):
    settings.BACK_IN_STOCK_LIMIT = 2
    ask(client, variant=yak.pk, phone="13800000001")
    ask(client, variant=yak.pk, phone="13800000002")

    third = ask(client, variant=yak.pk, phone="13800000003")

    assert third.status_code == 429
    assert "提交次数太多，请 15 分钟后再试。" in field_html(third.content.decode(), "phone")
    assert sorted(BackInStockSubscription.objects.values_list("phone", flat=True)) == [
        "13800000001",
        "13800000002",
    ]


def test_the_unsubscribe_link_asks_then_withdraws(client, shop, yak):
    ask(client, variant=yak.pk, phone="13800000001")
    request = BackInStockSubscription.objects.get()
    url = reverse("storefront:back-in-stock-unsubscribe", kwargs={"token": request.token})

    shown = client.get(url).content.decode()
    request.refresh_from_db()
    assert 'data-testid="unsubscribe"' in shown and request.unsubscribed_at is None

    done = client.post(url).content.decode()
    request.refresh_from_db()
    assert "不会再为“毡制牦牛”通知您。" in done and request.unsubscribed_at is not None


def test_an_unknown_unsubscribe_link_is_a_404(client, shop):
    response = client.get("/notify/00000000-0000-0000-0000-000000000000/")

    assert response.status_code == 404
    assert "找不到这条到货提醒。" in response.content.decode()


def test_a_contact_waiting_for_too_many_pieces_is_refused_next_to_its_field(client, shop, yak, settings):
    """Anyone can type a stranger's number: what one contact waits for is capped, whatever address
    asks, so nobody can have her sent a message for every sold-out piece."""
    settings.BACK_IN_STOCK_PER_CONTACT = 1
    other = product_create(
        slug="felt-camel",
        name_zh="毡制骆驼",
        name_en="Felt camel",
        category=shop["purse"].category,
        variants=[VariantInput(sku="CAMEL", price_fen=9800, artisan=shop["maker"])],
    ).variants.get()
    BackInStockSubscription.objects.create(variant=other, phone="13800000001")

    refused = ask(client, variant=yak.pk, phone="13800000001", email="")

    assert refused.status_code == 400
    assert "这个手机号或邮箱等待到货的作品已经太多了。" in field_html(refused.content.decode(), "phone")
    assert list(BackInStockSubscription.objects.values_list("variant__sku", flat=True)) == ["CAMEL"]
    # Another number is still taken.
    assert ask(client, variant=yak.pk, phone="13800000002", email="").status_code == 302
