"""The basket, checkout, payment, confirmation and the order status page."""

import io
import json
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.clients import client_ip, client_key
from core.errors import DomainError, InvalidState, NotFound
from orders.services import checkout as checkout_services
from storefront import selectors, services
from storefront import session as store
from storefront.forms import CheckoutForm, OrderLookupForm
from storefront.payment_options import option_of, payment_options
from storefront.pickup import pickup_choices
from storefront.stripe_js import card_form_enabled, offers_test_card, stripe_js_url
from storefront.views import found_or_404
from storefront.views.wechat import openid_needed

# The checkout services name their fields as the API does.
SERVICE_FIELDS = {
    "email": "email",
    "phone": "phone",
    "deliveryMethod": "method",
    "shippingRegion": "shipping_region",
    "recipientName": "recipient_name",
    "shippingAddress": "shipping_address",
    "pickupLocation": "pickup_location",
}


def _checkout(request):
    return selectors.checkout_for_token(store.checkout_token(request.session))


def _back(request) -> str:
    """The page the tourist came from, if it is ours (never an open redirect)."""
    back = request.POST.get("back", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return back
    return reverse("storefront:basket")


def _basket(checkout) -> dict:
    """The lines (with their pictures) at the prices checkout_totals gives, and the totals."""
    totals = checkout_services.checkout_totals(checkout)
    prices = {row.variant.pk: row.unit_price_fen for row in totals.lines}
    lines = selectors.checkout_lines(checkout=checkout)
    for line in lines:
        line.unit_price_fen = prices.get(line.variant_id, line.variant.price_fen)
    return {"lines": lines, "totals": totals}


def _quantity(value, *, minimum: int) -> int | None:
    try:
        quantity = int(value)
    except (TypeError, ValueError):
        return None
    return quantity if minimum <= quantity <= 99 else None


@require_GET
def basket(request):
    checkout = _checkout(request)
    context = {"checkout": checkout}
    if checkout is not None:
        context.update(_basket(checkout))
    return render(request, "storefront/basket.html", context)


@require_POST
def basket_add(request):
    quantity = _quantity(request.POST.get("quantity", "1"), minimum=1)
    variant = request.POST.get("variant", "")
    if quantity is None or not variant.isdigit():
        messages.error(request, _("请选择规格和数量。"))
        return redirect(_back(request))
    try:
        services.basket_add(
            session=request.session, variant_id=int(variant), quantity=quantity, language=get_language()
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(_back(request))
    messages.success(request, _("已加入购物篮。"))
    return redirect("storefront:basket")


@require_POST
def basket_update(request):
    checkout = _checkout(request)
    quantity = _quantity(request.POST.get("quantity"), minimum=0)
    variant = request.POST.get("variant", "")
    if checkout is None or quantity is None or not variant.isdigit():
        messages.error(request, _("请填写 0 到 99 之间的数量。"))
        return redirect("storefront:basket")
    try:
        services.basket_set_quantity(checkout=checkout, variant_id=int(variant), quantity=quantity)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("storefront:basket")


@require_http_methods(["GET", "POST"])
def checkout(request):
    current = _checkout(request)
    if current is None or not current.lines.exists():
        return redirect("storefront:basket")
    if request.method == "GET" and (to_wechat := openid_needed(request)):
        return to_wechat  # inside WeChat: her openid first, so the payment made next is JSAPI
    choices = pickup_choices(checkout=current, carts=selectors.active_carts())
    ready = [choice for choice in choices if choice.complete]
    form_kwargs = {"carts": ready, "regions": selectors.shipping_regions()}
    lines_errors = []
    if request.method == "POST":
        form = CheckoutForm(request.POST, **form_kwargs)
        if form.is_valid():
            data = form.cleaned_data
            shipping = data["method"] == "shipping"
            try:
                services.checkout_details_submit(
                    checkout=current,
                    email=data["email"],
                    phone=data["phone"],
                    method=data["method"],
                    shipping_region=data["shipping_region"] if shipping else None,
                    recipient_name=data["recipient_name"].strip() if shipping else "",
                    shipping_address=data["shipping_address"].strip() if shipping else "",
                    pickup_location=None if shipping else data["pickup_location"],
                    client=client_key(request),
                    **_first_option(request),
                )
            except DomainError as error:
                if error.field == "lines":  # shown next to the pieces it is about
                    lines_errors.append(str(error.message))
                else:
                    form.add_error(SERVICE_FIELDS.get(error.field), str(error.message))
            else:
                return redirect("storefront:payment")
    else:
        form = CheckoutForm(initial=_initial(current, ready), **form_kwargs)
    context = {
        "form": form,
        "checkout": current,
        **_basket(current),
        "regions": list(selectors.shipping_regions()),
        "lines_errors": lines_errors,
        "payments_available": bool(_options(request)),
        "carts_lacking": [choice for choice in choices if not choice.complete],
        "carts_ready": ready,
    }
    return render(request, "storefront/checkout.html", context)


def _options(request):
    has_openid = bool(store.wechat_openid(request.session))
    return payment_options(user_agent=request.headers.get("User-Agent", ""), has_openid=has_openid)


def _first_option(request) -> dict:
    """The payment the checkout makes first: the first way offered where the tourist is (with none,
    Stripe's, which says that payment is unavailable)."""
    options = _options(request)
    if not options:
        return {}
    return {
        "provider": options[0].provider,
        "scene": options[0].scene,
        "client_ip": client_ip(request) or "",
        "openid": store.wechat_openid(request.session),
    }


def _initial(checkout, ready) -> dict:
    """The checkout's own details; pickup at the cart she scanned if it holds the whole basket, and
    shipping first when no cart does."""
    offered = {choice.cart.location_id for choice in ready}
    cart = checkout.pickup_location_id or checkout.attributed_location_id
    return {
        "email": checkout.email,
        "phone": checkout.phone,
        "method": checkout.delivery_method or ("pickup" if offered else "shipping"),
        "pickup_location": cart if cart in offered else None,
        "shipping_region": checkout.shipping_region_id,
        "recipient_name": checkout.recipient_name,
        "shipping_address": checkout.shipping_address,
    }


@require_GET
def payment(request):
    current = _checkout(request)
    if current is None:
        # Paid meanwhile (the webhook completed it): the order, else back to the basket.
        done = selectors.checkout_any_for_token(store.checkout_token(request.session))
        if done is not None and done.order_id is not None:
            return _done(request, done.order)
        return redirect("storefront:basket")
    if current.payment is None or current.status != current.Status.AWAITING_PAYMENT:
        return redirect("storefront:checkout")
    options = _options(request)
    chosen = current.payment
    is_card = chosen.provider == "stripe"
    scene = "card" if is_card else (chosen.payment_method_types or [""])[0]
    context = {
        "checkout": current,
        **_basket(current),
        "payments_available": bool(options),
        "options": options,
        "chosen": option_of(options, chosen.provider, scene),
        "next_step": wallet_next_step(request, chosen),
        "card_form": is_card and card_form_enabled(),
        "test_card": is_card and offers_test_card(),
        "stripe_js_url": stripe_js_url() if card_form_enabled() else "",
        "stripe_publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
    }
    return render(request, "storefront/payment.html", context)


@require_POST
def pay_with(request):
    """The tourist chose one of the ways offered: its payment, then the payment step showing it."""
    current = _checkout(request)
    if current is None or current.payment is None:
        return redirect("storefront:basket")
    option = option_of(_options(request), request.POST.get("provider", ""), request.POST.get("scene", ""))
    if option is None:
        messages.error(request, _("此支付方式在这里不可用。"))
        return redirect("storefront:payment")
    try:
        services.checkout_pay_with(
            checkout=current,
            provider=option.provider,
            scene=option.scene,
            client=client_key(request),
            client_ip=client_ip(request) or "",
            openid=store.wechat_openid(request.session),
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("storefront:payment")
    # Back to the payment step, which shows its QR code, card form or the link to the wallet: a form's
    # redirect to another origin would be blocked by the CSP's form-action.
    return redirect("storefront:payment")


@require_POST
def pay_with_test_card(request):
    current = _checkout(request)
    if current is None or current.payment is None or not offers_test_card():
        return redirect("storefront:basket")
    try:
        order = services.checkout_pay_with_test_card(checkout=current)
    except InvalidState as error:
        if error.code == "CHECKOUT_FAILED":
            return _done(request, None)
        messages.error(request, error.message)
        return redirect("storefront:payment")
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("storefront:payment")
    return _done(request, order)


@require_GET
def checkout_return(request):
    """Where Stripe.js sends the tourist after confirmCardPayment: the server asks Stripe."""
    current = selectors.checkout_any_for_token(store.checkout_token(request.session))
    if current is None:
        return redirect("storefront:basket")
    try:
        order = checkout_services.checkout_complete(checkout=current)
    except InvalidState as error:
        if error.code == "CHECKOUT_FAILED":
            return _done(request, None)
        messages.error(request, _("付款尚未成功，请重试。"))
        return redirect("storefront:payment")
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("storefront:payment")
    return _done(request, order)


def wallet_next_step(request, payment) -> dict | None:
    """What the payment page shows for a wallet's payment: its QR code (as SVG), or where to send the
    phone (WeChat Pay's H5 page comes back to our return page by its redirect_url)."""
    if payment is None or payment.provider == "stripe" or not payment.next_step_value:
        return None
    if payment.next_step == "qr_code":
        step = {"kind": "qr_code", "svg": qr_svg(payment.next_step_value)}
        standin = settings.WECHATPAY_WALLET_STANDIN_URL if payment.provider == "wechat_pay" else ""
        if standin:  # the demo: a page standing in for the phone that scans the code
            step["standin"] = f"{standin}?{urlencode({'pr': payment.next_step_value.rsplit('=', 1)[-1]})}"
        return step
    if payment.next_step == "jsapi":  # WeixinJSBridge's getBrandWCPayRequest, then our return page
        params = json.loads(payment.next_step_value)
        back = request.build_absolute_uri(reverse("storefront:checkout-return"))
        step = {"kind": "jsapi", "params": params, "return": back}
        standin = settings.WECHATPAY_WALLET_STANDIN_URL
        if standin:  # the demo, in a browser that is not WeChat: the stand-in plays WeChat's sheet
            prepay = params["package"].rsplit("=", 1)[-1]
            step["standin"] = f"{standin}?{urlencode({'pr': prepay[-10:], 'redirect_url': back})}"
        return step
    url = payment.next_step_value
    if payment.provider == "wechat_pay":
        back = request.build_absolute_uri(reverse("storefront:checkout-return"))
        url = f"{url}&{urlencode({'redirect_url': back})}"
    return {"kind": "redirect", "url": url}


def qr_svg(content: str) -> str:
    buffer = io.BytesIO()
    segno.make(content, error="m").save(buffer, kind="svg", scale=6, border=2, xmldecl=False, svgns=True)
    return buffer.getvalue().decode()


def _done(request, order):
    if order is None:  # paid after the reservation ran out and the pieces were gone: refunded
        store.checkout_token_clear(request.session)
        messages.error(request, _("很抱歉，商品已售出，您的付款已全额退回。"))
        return redirect("storefront:basket")
    store.checkout_token_clear(request.session)
    return redirect("storefront:confirmation", token=order.token)


def _order(token):
    return found_or_404(selectors.order_for_token, token=token)


@require_GET
def confirmation(request, token):
    order = _order(token)
    context = {"order": order, "images": selectors.order_line_images(order=order)}
    return render(request, "storefront/confirmation.html", context)


@require_GET
def order_status(request, token):
    order = _order(token)
    context = {"order": order, "images": selectors.order_line_images(order=order)}
    return render(request, "storefront/order.html", context)


@require_http_methods(["GET", "POST"])
def order_lookup(request):
    """The order by the phone number and the order number (for a tourist without the email's link)."""
    form = OrderLookupForm(request.POST or None)
    address = client_ip(request)
    if request.method == "POST" and form.is_valid():
        if services.order_lookup_blocked(address=address):
            wait = {"minutes": settings.ORDER_LOOKUP_WINDOW_SECONDS // 60}
            form.add_error("number", _("查找失败次数太多，请 %(minutes)d 分钟后再试。") % wait)
            return render(request, "storefront/order_lookup.html", {"form": form}, status=429)
        try:
            order = selectors.order_for_phone_and_number(
                phone=form.cleaned_data["phone"], number=form.cleaned_data["number"]
            )
        except NotFound:
            services.order_lookup_missed(address=address)
            form.add_error("number", _("没有找到这个手机号下的这个订单，请核对订单号和手机号。"))
        else:
            return redirect("storefront:order", token=order.token)
    return render(request, "storefront/order_lookup.html", {"form": form})
