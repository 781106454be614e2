"""Display helpers for the storefront: prices in ¥ and WebP pictures with srcset and lazy loading."""

from django import template
from django.core.files.storage import default_storage
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from core.i18n import localized
from core.money import format_fen

register = template.Library()

SIZES = (160, 480)


@register.filter
def yuan(amount_fen):
    """¥128.00 → ¥128 when whole: tourists read prices in yuan."""
    if amount_fen is None or amount_fen == "":
        return ""
    text = format_fen(int(amount_fen))
    return text[:-3] if text.endswith(".00") else text


def _urls(thumbnails, file_name) -> dict[int, str]:
    urls = {}
    for size in SIZES:
        path = (thumbnails or {}).get(str(size))
        if path:
            urls[size] = default_storage.url(path)
    if not urls and file_name:
        urls[SIZES[0]] = default_storage.url(str(file_name))
    return urls


@register.simple_tag
def picture(
    image=None,
    alt="",
    sizes="(max-width: 480px) 50vw, 240px",
    thumbnails=None,
    file_name="",
    lazy=True,
    width=160,
    css="",
):
    """<img> of a media.Image (or of a listing's annotated thumbnails) with a 160/480 WebP srcset."""
    if image is not None:
        thumbnails, file_name = image.thumbnails, image.file.name
    urls = _urls(thumbnails, file_name)
    if not urls:
        return format_html('<span class="noimg {}" role="img" aria-label="{}"></span>', css, alt)
    smallest = urls[min(urls)]
    srcset = ", ".join(f"{url} {size}w" for size, url in sorted(urls.items()))
    return format_html(
        '<img class="{}" src="{}" srcset="{}" sizes="{}" alt="{}" width="{}" height="{}"{} decoding="async">',
        css,
        smallest,
        srcset,
        sizes,
        alt,
        width,
        width,
        mark_safe(' loading="lazy"') if lazy else "",
    )


@register.filter
def tr(obj, field):
    """obj.<field>_en for English readers, else obj.<field>_zh (core.i18n.localized)."""
    return localized(obj, field) if obj is not None else ""


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.simple_tag(takes_context=True)
def basket_count(context) -> int:
    """Pieces in this visitor's basket (storefront.views.caching puts each visitor's own into a
    cached page)."""
    from storefront import selectors
    from storefront import session as store

    request = context.get("request")
    if request is None or not hasattr(request, "session"):
        return 0
    return selectors.basket_count(store.checkout_token(request.session))


@register.simple_tag
def pickup_code(order) -> str:
    """The six digits the cart's tablet asks for before it hands her order over."""
    from orders.pickup_codes import order_pickup_code

    return order_pickup_code(order=order)


@register.simple_tag
def order_qr(order):
    """The order's QR code (its number) for the cart's tablet to scan, as inline SVG."""
    import io

    import segno

    from orders.pickup_codes import order_qr_text

    buffer = io.BytesIO()
    segno.make(order_qr_text(order=order), error="m").save(
        buffer, kind="svg", scale=5, border=2, xmldecl=False, svgns=True
    )
    return mark_safe(buffer.getvalue().decode())  # noqa: S308 (segno's own SVG, no user text in markup)
