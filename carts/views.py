"""The cart app (a PWA at /pos/): its shell, service worker and manifest; and the public e-receipt page.

The app itself is plain ES modules under static/pos/ (no build step). The service worker is served
from /pos/sw.js rather than /static/ so that its scope can be /pos/; it precaches every file of the
app under the URLs the shell uses, and its version is a hash of those files and of the shell template,
so any change to them installs a new worker.
"""

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.template.loader import get_template
from django.templatetags.static import static
from django.utils import timezone
from django.views.decorators.http import require_GET

from carts.selectors import pos_sale_by_uuid
from carts.services.sync_policy import refund_review_after
from core.money import format_fen

POS_STATIC_DIR = Path(settings.BASE_DIR) / "static" / "pos"
# What the service worker precaches: the app's code, styles, icons and the vendored QR library.
ASSET_SUFFIXES = {".js", ".mjs", ".css", ".png", ".svg", ".woff2"}
ICON_SIZES = (192, 512)
THEME_COLOUR = "#8c1d18"
NO_CACHE = "no-cache, no-store, must-revalidate, max-age=0"


def _asset_names() -> list[str]:
    """Static names (``pos/…``) of the app's files, sorted so the version is stable."""
    return sorted(
        "pos/" + path.relative_to(POS_STATIC_DIR).as_posix()
        for path in POS_STATIC_DIR.rglob("*")
        if path.is_file() and path.suffix in ASSET_SUFFIXES
    )


def _compute_build() -> dict:
    names = _asset_names()
    digest = hashlib.sha256()
    for name in names:
        digest.update(name.encode())
        digest.update((POS_STATIC_DIR.parent / name).read_bytes())
    for template in ("pos/app.html", "pos/sw.js"):
        # Every Django template has its origin; the stubs' backend protocol does not say so.
        digest.update(Path(get_template(template).origin.name).read_bytes())  # type: ignore[attr-defined]
    urls = {name: static(name) for name in names}
    digest.update(json.dumps(urls, sort_keys=True).encode())
    return {"version": digest.hexdigest()[:16], "urls": urls}


@lru_cache(maxsize=1)
def _cached_build() -> dict:
    return _compute_build()


def pos_build() -> dict:
    """The app's files with their (possibly hashed) URLs and a version; recomputed on each call in DEBUG."""
    return _compute_build() if settings.DEBUG else _cached_build()


def _import_map(urls: dict[str, str]) -> str:
    """Maps each module's plain URL to the URL the storage serves (hashed in production), so that the
    modules' relative imports ("./db.js") load the same files the service worker cached."""
    imports = {
        settings.STATIC_URL + name: url for name, url in urls.items() if name.endswith((".js", ".mjs"))
    }
    # </ cannot end the <script> element early: JSON allows the escaped slash.
    return json.dumps({"imports": imports}, indent=1).replace("</", "<\\/")


@require_GET
def pos_app(request):
    """The app shell. It is the same for everyone (the app picks the language and reads IndexedDB)."""
    build = pos_build()
    context = {
        "version": build["version"],
        "import_map": _import_map(build["urls"]),
        "app_js": static("pos/app.js"),
        "css": static("pos/pos.css"),
        "icon_192": static("pos/icons/icon-192.png"),
        "config": {
            "graphqlUrl": "/graphql/",
            "receiptBase": "/r/",
            "swUrl": "/pos/sw.js",
            "version": build["version"],
            # A refund of a sale older than this is held for review: the tablet says so before.
            "refundReviewAfterDays": refund_review_after().days,
        },
    }
    response = render(request, "pos/app.html", context)
    response["Cache-Control"] = NO_CACHE
    return response


@require_GET
def pos_service_worker(request):
    build = pos_build()
    precache = ["/pos/", "/pos/manifest.webmanifest", *build["urls"].values()]
    response = render(
        request,
        "pos/sw.js",
        {"version": build["version"], "precache": json.dumps(precache, indent=1)},
        content_type="text/javascript; charset=utf-8",
    )
    response["Service-Worker-Allowed"] = "/pos/"
    response["Cache-Control"] = NO_CACHE
    return response


@require_GET
def pos_manifest(request):
    manifest = {
        "name": "工坊收银 · Gongfang POS",
        "short_name": "工坊收银",
        "description": "行走的巾帼工坊 · 零售车收银 / cart point of sale",
        "lang": "zh-CN",
        "start_url": "/pos/",
        "scope": "/pos/",
        "id": "/pos/",
        "display": "standalone",
        "orientation": "any",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOUR,
        "icons": [
            {
                "src": static(f"pos/icons/icon-{size}.png"),
                "sizes": f"{size}x{size}",
                "type": "image/png",
                "purpose": "any maskable",
            }
            for size in ICON_SIZES
        ],
    }
    response = JsonResponse(manifest, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Type"] = "application/manifest+json"
    response["Cache-Control"] = NO_CACHE
    return response


PAYMENT_NAMES = {
    "cash": ("现金", "Cash"),
    "wechat": ("微信支付", "WeChat Pay"),
    "alipay": ("支付宝", "Alipay"),
    "card": ("银行卡", "Card"),
}


def _receipt_context(sale) -> dict:
    """What the e-receipt shows of a synced sale, with every amount already formatted."""
    order = sale.order
    lines = [
        {
            "name_zh": line.product_name_zh,
            "name_en": line.product_name_en,
            "variant": line.variant_name_zh,
            "quantity": line.quantity,
            "unit_price": format_fen(line.unit_price_fen),
            "discount": format_fen(line.discount_fen) if line.discount_fen else "",
            "discount_reason": line.discount_reason,
            "total": format_fen(line.total_fen),
        }
        for line in order.lines.all()
    ]
    method = str(sale.payment_method)
    cart = sale.shift.cart
    return {
        "cart_zh": cart.name_zh,
        "cart_en": cart.name_en,
        "site_zh": cart.site.name_zh,
        "site_en": cart.site.name_en,
        "receipt_number": sale.receipt_number,
        "order_number": order.number,
        # Formatted here: the template's date filter would turn it back into the server's zone (UTC).
        "sold_at": timezone.localtime(sale.device_time, ZoneInfo(settings.BUSINESS_TIME_ZONE)).strftime(
            "%Y-%m-%d %H:%M"
        ),
        "lines": lines,
        "discount": format_fen(order.discount_fen) if order.discount_fen else "",
        "total": format_fen(order.total_fen),
        "method_zh": PAYMENT_NAMES.get(method, (method, method))[0],
        "method_en": PAYMENT_NAMES.get(method, (method, method))[1],
        "tendered": format_fen(sale.tendered_fen) if sale.tendered_fen is not None else "",
        "change": format_fen(sale.change_fen)
        if sale.change_fen is not None and sale.tendered_fen is not None
        else "",
        "refunded": str(order.status) == "refunded",
        # Some pieces given back: which, and how much (the receipt's lines stay as sold).
        "refunds": [
            {
                "amount": format_fen(refund.amount_fen),
                "pieces": "、".join(f"{line.sku} × {line.quantity}" for line in refund.lines.all()),
            }
            for refund in sale.refunds.all()
        ]
        if str(order.status) != "refunded"
        else [],
    }


@require_GET
def pos_receipt(request, client_uuid):
    """The e-receipt a customer opens from the QR code. Public: the random UUID is the key to it.

    Until the tablet has synced the sale the server does not know it: a 200 that says so, since the
    customer scanned a real receipt and only has to look again later."""
    sale = pos_sale_by_uuid(client_uuid=client_uuid)
    context = {"pending": sale is None, **(_receipt_context(sale) if sale is not None else {})}
    response = render(request, "pos/receipt.html", context)
    response["Cache-Control"] = "no-cache"
    response["X-Robots-Tag"] = "noindex"
    return response
