"""Reads for the review of held cart sales: the queue, and the reasons in words for whoever decides."""

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from carts.models import PosSale
from carts.services.sync_policy import (
    device_time_tolerance,
    discount_max_bp,
    discount_reason_from_bp,
    stock_tolerance,
)
from core.money import format_fen
from orders.models import OrderHold, OrderLine

Flag = PosSale.Flag


def pos_sales_review(*, status: str | None = OrderHold.Status.HELD, cart=None) -> QuerySet[PosSale]:
    """The cart sales ever held (status None) or those in one review status, oldest hold first, with
    what a reviewer reads: the order and its lines, the hold, the shift, its cart and operator."""
    sales = PosSale.objects.filter(order__hold__isnull=False)
    if status is not None:
        sales = sales.filter(order__hold__status=status)
    if cart is not None:
        sales = sales.filter(shift__cart=cart)
    return (
        sales.select_related(
            "order__hold__decided_by", "shift__cart__site", "shift__cart__location", "shift__operator__user"
        )
        .prefetch_related(Prefetch("order__lines", queryset=OrderLine.objects.order_by("pk")))
        .order_by("order__hold__created_at", "pk")
    )


def pos_sale_for_review(*, pk) -> PosSale | None:
    return pos_sales_review(status=None).filter(pk=pk).first()


def hold_reasons(sale: PosSale) -> list[str]:
    """Why the sale is held, one sentence per reason with its figures, in the reader's language
    (sale as pos_sales_review reads it)."""
    hold = sale.order.hold
    lines = list(sale.order.lines.all())
    reasons = []
    for flag in hold.reasons:
        reasons.append(_reason(flag, sale, lines))
    return reasons


def _reason(flag: str, sale: PosSale, lines: list[OrderLine]) -> str:
    if flag == Flag.DEVICE_TIME:
        shift = sale.shift
        closed = _time(shift.closed_at) if shift.closed_at else _("未交班")
        return _(
            "设备时间 %(time)s 不在班次 %(opened)s 至 %(closed)s 之内（允许误差 %(minutes)d 分钟）；"
            "服务器 %(received)s 收到。"
        ) % {
            "time": _time(sale.device_time),
            "opened": _time(shift.opened_at),
            "closed": closed,
            "minutes": int(device_time_tolerance().total_seconds() // 60),
            "received": _time(sale.received_at),
        }
    if flag == Flag.QUANTITY_OVER_STOCK:
        short = sum(line.shortfall for line in lines)
        sold = sum(line.quantity for line in lines)
        return _("卖出 %(sold)d 件，其中 %(short)d 件账面上车里没有（允许 %(tolerance)d 件）。") % {
            "sold": sold,
            "short": short,
            "tolerance": stock_tolerance(),
        }
    if flag in (Flag.DISCOUNT_OVER_POLICY, Flag.DISCOUNT_WITHOUT_REASON):
        parts = []
        for line in lines:
            list_total = line.list_price_fen * line.quantity
            if list_total <= 0 or line.total_fen >= list_total:
                continue
            percent = (list_total - line.total_fen) * 100 / list_total
            parts.append(
                _("%(sku)s 标价 %(list)s，实收 %(paid)s（低 %(percent).0f%%）%(why)s")
                % {
                    "sku": line.sku,
                    "list": format_fen(list_total),
                    "paid": format_fen(line.total_fen),
                    "percent": percent,
                    "why": _("，原因：%(reason)s") % {"reason": line.discount_reason}
                    if line.discount_reason
                    else _("，未写原因"),
                }
            )
        limit = (
            _("折扣上限 %(max)d%%。") % {"max": discount_max_bp() // 100}
            if flag == Flag.DISCOUNT_OVER_POLICY
            else _("低于标价 %(from)d%% 以上需写原因。") % {"from": discount_reason_from_bp() // 100}
        )
        return "；".join(parts) + "。" + limit
    if flag == Flag.PRICE_MISMATCH:
        parts = [
            _("%(sku)s 单价 %(unit)s，当时标价 %(list)s")
            % {
                "sku": line.sku,
                "unit": format_fen(line.unit_price_fen),
                "list": format_fen(line.list_price_fen),
            }
            for line in lines
            if line.unit_price_fen != line.list_price_fen
        ]
        return "；".join(parts) + "。"
    try:
        return str(Flag(flag).label)
    except ValueError:
        return flag


def _time(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
