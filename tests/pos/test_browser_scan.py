"""Scan to sell, in Chromium against a live server with the network off: a photo of a staff QR tag
(headless Chromium has no camera, so the photo input, which the camera's frames share the decoder
with) adds its piece to the sale, and a photo of an e-receipt's QR code shows that sale again."""

import io

import pytest
import segno
from django.conf import settings
from playwright.sync_api import expect

from carts.models import PosSale
from tests.pos.conftest import on_server
from tests.pos.test_browser import sell, sign_in_and_open_shift

pytestmark = pytest.mark.django_db(transaction=True)


def qr_png(text: str, tmp_path, name: str) -> str:
    """A photo of a printed QR code: segno's PNG of the text, as the staff's tag page draws it."""
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=8, border=4)
    path = tmp_path / name
    path.write_bytes(buffer.getvalue())
    return str(path)


def scan(page, png):
    page.click("[data-testid=scan-open]")
    page.set_input_files("[data-testid=scan-file]", png)


def test_a_tag_adds_its_piece_and_a_receipt_finds_its_sale_offline(
    live_server, pos_world, chromium, tmp_path
):
    context = chromium()
    page = context.new_page()
    sign_in_and_open_shift(page, live_server.url)
    number = sell(page, "PURSE-RED", "CASH", tendered="98")
    page.click("[data-testid=sync-now]")
    page.wait_for_function(
        "() => document.querySelector('[data-testid=queue-count]')?.textContent === '待同步 0 笔'"
    )
    client_uuid = on_server(lambda: str(PosSale.objects.get(receipt_number=number).client_uuid))
    # The tag staff print for a one-variant product names the product's page; several variants: ?v=SKU.
    felt_tag = qr_png(f"{settings.SITE_URL}/p/felt-sheep/", tmp_path, "felt-tag.png")
    scarf_tag = qr_png(f"{settings.SITE_URL}/p/scarf-blue/?v=SCARF-BLUE", tmp_path, "scarf-tag.png")
    receipt = qr_png(f"{live_server.url}/r/{client_uuid}/", tmp_path, "receipt.png")
    stranger = qr_png("https://example.com/not-ours", tmp_path, "stranger.png")

    context.set_offline(True)
    scan(page, felt_tag)
    expect(page.locator("[data-testid=qty-FELT-SHEEP]")).to_have_text("1")
    scan(page, felt_tag)
    expect(page.locator("[data-testid=qty-FELT-SHEEP]")).to_have_text("2")
    scan(page, scarf_tag)
    expect(page.locator("[data-testid=qty-SCARF-BLUE]")).to_have_text("1")
    expect(page.locator("[data-testid=basket-total]")).to_have_text("¥156.00")

    scan(page, stranger)
    expect(page.locator("#toast")).to_contain_text("这个二维码不是工坊的商品标签、小票或订单。")
    expect(page.locator("[data-testid=qty-FELT-SHEEP]")).to_have_text("2")

    scan(page, receipt)
    expect(page.locator(f"[data-testid=receipt][data-uuid='{client_uuid}']")).to_be_visible()
    expect(page.locator("[data-testid=receipt-number]")).to_have_text(number)
    assert page.evaluate("() => 'BarcodeDetector' in window") is False  # jsQR read them, served offline
