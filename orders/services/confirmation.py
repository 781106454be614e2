"""The confirmation email of an online order, sent once, in the tourist's language."""

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.money import format_fen
from core.notifications import TextMessage, sms_send
from orders.models import Order

logger = logging.getLogger(__name__)

# The sweep sends the confirmations of orders paid this recently whose task was lost (the broker was
# down when the checkout completed); an older one is past being useful and is left alone.
SWEEP_WITHIN = datetime.timedelta(days=2)


def order_status_url(order: Order) -> str:
    """The absolute link to the order's status page (its secret token, no sign-in)."""
    return f"{settings.SITE_URL}/orders/{order.token}/"


def _context(order: Order) -> dict:
    lines = [
        {
            "name": f"{line.product_name} {line.variant_name}".strip(),
            "quantity": line.quantity,
            "unit_price": format_fen(line.unit_price_fen),
            "total": format_fen(line.total_fen),
        }
        for line in order.lines.order_by("pk")
    ]
    if order.delivery_method == Order.Delivery.SHIPPING:
        region = order.shipping_region.name if order.shipping_region else ""
        delivery = _("快递到：%(name)s，%(region)s %(address)s") % {
            "name": order.recipient_name,
            "region": region,
            "address": order.shipping_address,
        }
    else:
        delivery = _("到零售车自提：%(cart)s") % {"cart": order.location.name}
    return {
        "order": order,
        "lines": lines,
        "subtotal": format_fen(order.subtotal_fen),
        "shipping": format_fen(order.shipping_fen),
        "total": format_fen(order.total_fen),
        "delivery": delivery,
        "status_url": order_status_url(order),
    }


def order_paid_text(*, order: Order) -> TextMessage:
    with translation.override("en" if order.language.lower().startswith("en") else "zh-hans"):
        text = _("【工坊】您的订单 %(number)s 已付款，共 %(total)s。查看订单：%(url)s") % {
            "number": order.number,
            "total": format_fen(order.total_fen),
            "url": order_status_url(order),
        }
    return TextMessage(phone=order.phone, template="order_paid", text=text, params={"number": order.number})


@transaction.atomic
def order_confirmation_send_once(*, order: Order) -> bool:
    """Email (and text, to a phone given) the order's confirmation unless it was sent already; True
    when sent now.

    The order's row is held while sending, so two tasks for one order send one email.
    """
    locked = (
        Order.objects.select_for_update(of=("self",))
        .select_related("location", "shipping_region")
        .get(pk=order.pk)
    )
    if locked.confirmation_sent_at is not None or locked.token is None:
        return False
    if not locked.email and not locked.phone:
        return False
    language = "en" if locked.language.lower().startswith("en") else "zh-hans"
    with translation.override(language):
        context = _context(locked)
        subject = _("您的订单 %(number)s 已付款") % {"number": locked.number}
        text = render_to_string("emails/order_confirmation.txt", context)
        html = render_to_string("emails/order_confirmation.html", context)
    if locked.email:
        send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, [locked.email], html_message=html)
    if locked.phone:
        sms_send(order_paid_text(order=locked))
    locked.confirmation_sent_at = timezone.now()
    locked.save(update_fields=["confirmation_sent_at"])
    return True


def order_confirmations_send_pending(*, within: datetime.timedelta = SWEEP_WITHIN) -> int:
    """Send every confirmation still unsent of the online orders paid within `within`; returns how
    many were sent now. Each is sent by order_confirmation_send_once (its own transaction, the order's
    row held), so the task sending one at the same moment does not make it two."""
    pending = Order.objects.filter(
        channel=Order.Channel.ONLINE,
        paid_at__gte=timezone.now() - within,
        confirmation_sent_at__isnull=True,
        token__isnull=False,
    ).exclude(email="", phone="")
    sent = 0
    for order in pending.order_by("paid_at", "pk"):
        try:
            sent += order_confirmation_send_once(order=order)
        except OSError as error:  # the mail server refused or is away: the next sweep tries again
            logger.warning("confirmation of order %s not sent: %s", order.number, error)
    return sent
