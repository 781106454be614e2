"""Text messages about orders (core.notifications): the tourist's order shipped or picked up, and the
artisan's notice that a piece of hers sold (the order paid goes with its confirmation email, in
orders.services.confirmation). Each is sent by a task after the change is committed."""

from django.utils import translation
from django.utils.translation import gettext as _

from core.notifications import TextMessage, sms_send
from orders.models import Order, OrderLine


def _language(order: Order) -> str:
    return "en" if order.language.lower().startswith("en") else "zh-hans"


def order_fulfilled_text(*, order: Order) -> TextMessage:
    with translation.override(_language(order)):
        if order.fulfilment_status == Order.Fulfilment.SHIPPED:
            template = "order_shipped"
            text = _("【工坊】您的订单 %(number)s 已发货，快递单号 %(tracking)s。") % {
                "number": order.number,
                "tracking": order.tracking_number,
            }
        else:
            template = "order_picked_up"
            text = _("【工坊】您的订单 %(number)s 已在零售车领取，谢谢惠顾。") % {"number": order.number}
    params = {"number": order.number, "tracking": order.tracking_number}
    return TextMessage(phone=order.phone, template=template, text=text, params=params)


def order_fulfilled_notify(*, order: Order) -> bool:
    """The tourist's message that her order left (shipped or picked up); False without a phone."""
    if not order.phone:
        return False
    sms_send(order_fulfilled_text(order=order))
    return True


def artisan_sale_texts(*, order: Order) -> list[TextMessage]:
    """One message per artisan with a phone whose pieces this order sold (in Chinese, her language)."""
    per_artisan: dict[int, list[OrderLine]] = {}
    for line in order.lines.select_related("artisan").order_by("pk"):
        if line.artisan.phone:
            per_artisan.setdefault(line.artisan_id, []).append(line)
    messages = []
    with translation.override("zh-hans"):
        for lines in per_artisan.values():
            pieces = "、".join(
                _("%(name)s %(n)s 件") % {"name": line.product_name_zh, "n": line.quantity} for line in lines
            )
            text = _("【工坊】您的作品卖出了：%(pieces)s。到“我的工坊”看收入。") % {"pieces": pieces}
            messages.append(
                TextMessage(
                    phone=lines[0].artisan.phone,
                    template="artisan_sale",
                    text=text,
                    params={"pieces": pieces},
                )
            )
    return messages


def artisan_sale_notify(*, order: Order) -> int:
    """Tell each artisan whose pieces this order sold; returns how many messages were sent."""
    messages = artisan_sale_texts(order=order)
    for message in messages:
        sms_send(message)
    return len(messages)
