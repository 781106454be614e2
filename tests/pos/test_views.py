"""The cart app's pages: the shell, the service worker, the manifest and icons, and the e-receipt."""

import datetime
import json
import re
import uuid
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from PIL import Image

from carts.services import RefundDraft, RefundLineDraft, SaleDraft, SaleLineDraft, pos_sync, shift_open

STATIC_POS = Path(settings.BASE_DIR) / "static" / "pos"


def test_the_shell_loads_the_app_through_an_import_map(client):
    response = client.get("/pos/")

    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    html = response.content.decode()
    assert '<link rel="manifest" href="/pos/manifest.webmanifest">' in html
    assert '<script type="module" src="/static/pos/app.js"></script>' in html
    import_map_tag = re.search(r'<script type="importmap" nonce="[^"]+">(.*?)</script>', html, re.S)
    import_map = json.loads(import_map_tag.group(1))
    assert import_map["imports"]["/static/pos/db.js"] == "/static/pos/db.js"
    assert "/static/pos/vendor/qrcode-generator/qrcode.mjs" in import_map["imports"]
    config = json.loads(
        re.search(r'<script id="pos-config" type="application/json">(.*?)</script>', html, re.S).group(1)
    )
    assert config["graphqlUrl"] == "/graphql/"
    assert config["swUrl"] == "/pos/sw.js"


def test_the_service_worker_is_scoped_to_pos_and_never_cached(client):
    response = client.get("/pos/sw.js")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/pos/"
    assert "no-cache" in response["Cache-Control"]
    body = response.content.decode()
    precache = json.loads(re.search(r"const PRECACHE = (\[.*?\]);", body, re.S).group(1))
    assert {"/pos/", "/pos/manifest.webmanifest", "/static/pos/app.js", "/static/pos/pos.css"} <= set(
        precache
    )
    assert "/static/pos/icons/icon-512.png" in precache
    assert "/static/pos/vendor/qrcode-generator/qrcode.mjs" in precache
    assert '"/media/thumbnails/"' in body
    shell_version = re.search(r'data-version="([0-9a-f]+)"', client.get("/pos/").content.decode()).group(1)
    assert f'const VERSION = "{shell_version}";' in body


def test_every_app_module_stays_small():
    for path in STATIC_POS.glob("*.js"):
        assert len(path.read_text().splitlines()) <= 400, path.name


def test_the_manifest_makes_the_app_installable(client):
    response = client.get("/pos/manifest.webmanifest")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"].startswith("工坊收银")
    assert (manifest["start_url"], manifest["scope"], manifest["display"]) == ("/pos/", "/pos/", "standalone")
    assert manifest["theme_color"] == "#8c1d18"
    for icon, size in zip(manifest["icons"], (192, 512), strict=True):
        assert icon["sizes"] == f"{size}x{size}"
        assert icon["src"] == f"/static/pos/icons/icon-{size}.png"
        with Image.open(STATIC_POS / "icons" / f"icon-{size}.png") as image:
            assert image.size == (size, size)


def test_the_vendored_qr_library_keeps_its_licence():
    vendor = STATIC_POS / "vendor" / "qrcode-generator"
    assert "MIT License" in (vendor / "LICENSE").read_text()
    assert "Kazuhiko Arase" in (vendor / "qrcode.mjs").read_text()[:400]


def test_a_receipt_not_synced_yet_says_so(client, db):
    response = client.get(f"/r/{uuid.uuid4()}/")

    assert response.status_code == 200
    assert "这张小票还在同步中，请稍后再看" in response.content.decode()


def test_a_receipt_address_that_is_no_uuid_is_not_found(client, db):
    assert client.get("/r/not-a-uuid/").status_code == 404


def test_a_synced_receipt_shows_the_sale_in_china_time(client, pos_world):
    cart, operator, variants = pos_world["cart"], pos_world["operator"], pos_world["variants"]
    sold_at = timezone.make_aware(datetime.datetime(2026, 7, 1, 6, 30), datetime.UTC)
    shift = shift_open(
        cart=cart,
        operator=operator,
        device_id="7f3a-device",
        opening_cash_fen=50000,
        opened_at=sold_at - datetime.timedelta(hours=1),  # the sale within its shift
    )
    client_uuid = str(uuid.uuid4())
    [result] = pos_sync(
        cart=cart,
        device_id="7f3a-device",
        sales=[
            SaleDraft(
                client_uuid=client_uuid,
                shift_id=shift.pk,
                device_time=sold_at,
                receipt_number="CHAKA-7F3A-000001",
                lines=[
                    SaleLineDraft(
                        sku="PURSE-RED",
                        quantity=2,
                        unit_price_fen=9800,
                        discount_fen=600,
                        discount_reason="老顾客",
                    ),
                ],
                payment_method="cash",
                amount_fen=19000,
                tendered_fen=20000,
            )
        ],
        actor=operator.user,
    )
    assert result.status == "recorded", result

    response = client.get(f"/r/{client_uuid}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "还在同步中" not in html
    assert "CHAKA-7F3A-000001" in html
    assert "茶卡盐湖零售车" in html and "Chaka cart" in html
    assert "刺绣荷包" in html and "Embroidered purse" in html
    assert "2 × ¥98.00" in html
    assert "−¥6.00" in html and "老顾客" in html
    assert "¥190.00" in html
    assert "现金" in html and "Cash" in html
    assert "¥10.00" in html  # change from ¥200.00
    assert "2026-07-01 14:30" in html  # 06:30 UTC is 14:30 in Qinghai
    assert variants["PURSE-RED"].sku == "PURSE-RED"


def test_a_receipt_of_a_partly_refunded_sale_lists_what_was_given_back(client, pos_world):
    cart, operator = pos_world["cart"], pos_world["operator"]
    shift = shift_open(cart=cart, operator=operator, device_id="7f3a-device", opening_cash_fen=0)
    client_uuid = str(uuid.uuid4())
    now = timezone.now()
    pos_sync(
        cart=cart,
        device_id="7f3a-device",
        sales=[
            SaleDraft(
                client_uuid=client_uuid,
                shift_id=shift.pk,
                device_time=now,
                receipt_number="CHAKA-7F3A-000001",
                lines=[SaleLineDraft("PURSE-RED", 2, 9800), SaleLineDraft("SCARF-BLUE", 1, 6600)],
                payment_method="cash",
                amount_fen=26200,
            )
        ],
        refunds=[
            RefundDraft(
                client_uuid=str(uuid.uuid4()),
                sale_uuid=client_uuid,
                shift_id=shift.pk,
                device_time=now,
                reason="多买了",
                lines=[RefundLineDraft("PURSE-RED", 1)],
            )
        ],
        actor=operator.user,
    )

    html = client.get(f"/r/{client_uuid}/").content.decode()

    assert re.search(r"已退 <span class=\"en\">Refunded</span> ¥98.00 · PURSE-RED × 1", html)
    assert "已退款 · Refunded" not in html
