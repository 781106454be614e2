"""The demo's point of sale: the operators' tablet PINs, and three weeks of shifts at the three carts.

Each shift's sales go through pos_sync exactly as a tablet would send them (client UUIDs derived from
the plan, so a second run finds them and does nothing) and the shift is closed with a cash count; one
shift at Chaka is still open today. Sales draw from what each cart holds, deterministically.
"""

import datetime
import random
import uuid
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from carts.models import Cart, Operator, PaymentMethod, PosSale
from carts.selectors import z_report
from carts.services import (
    RefundDraft,
    SaleDraft,
    SaleLineDraft,
    SyncStatus,
    operator_pin_set,
    pos_sync,
    shift_close,
    shift_open,
)
from catalog.models import Variant
from demo import world
from inventory.selectors import stock_at_location


# The plan, as data (demo/world.py holds the rest of the world).
@dataclass(frozen=True)
class TabletPlan:
    cart: str  # cart code
    device: str  # the tablet's id; receipts are numbered <CART>-<DEVICE4>-<SEQ>
    device4: str
    opening_cash_yuan: int


TABLETS = [
    TabletPlan("chaka", "tablet-7f3a", "7F3A", 300),
    TabletPlan("feicui", "tablet-2c9d", "2C9D", 200),
    TabletPlan("dongtai", "tablet-b41e", "B41E", 200),
]
POS_SEED = "gongfang-demo-pos"
# Shifts on these days before the build (one a day per cart), 09:30 to 18:30 in Qinghai.
POS_SHIFT_DAYS_AGO = (20, 17, 14, 11, 8, 5, 2)
POS_SALES_PER_SHIFT = (4, 8)
# What the till held at the close, against what it should have held: (cart, shift index) -> yuan.
POS_CASH_VARIANCE_YUAN = {("feicui", 2): -20, ("dongtai", 5): 10}
# Refunds: (cart, shift index of the sale, the sale's number in it, shift index of the refund, reason).
POS_REFUNDS = [
    ("chaka", 1, 2, 2, "顾客回来换了尺码，原单退款"),
    ("feicui", 4, 0, 4, "收款码扫错了，作废重收"),
]
# Things the books have to catch up with: a piece sold that the books had not sent to the cart, and a
# price rounded down by 10 yuan without a discount reason. (cart, shift index): its first sale.
POS_OVERSELL = ("dongtai", 3)
POS_ROUNDED_PRICE = ("chaka", 4)
# Today's shift at Chaka is still open, with a few sales synced.
POS_OPEN_SHIFT = {"cart": "chaka", "sales": 4}


NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://gongfang.demo/pos")
METHODS = [PaymentMethod.WECHAT, PaymentMethod.ALIPAY, PaymentMethod.CASH, PaymentMethod.CARD]
METHOD_WEIGHTS = [10, 5, 4, 1]
DISCOUNT_REASONS = ["熟客优惠", "两件优惠", "零头抹去"]


def sale_uuid(cart: str, shift: int | str, number: int) -> str:
    return str(uuid.uuid5(NAMESPACE, f"sale-{cart}-{shift}-{number}"))


def build_pos() -> tuple[int, int]:
    made = 0
    for username, _name, _cart in world.OPERATORS:
        operator = Operator.objects.get(user__username=username)
        if not operator.pin_hash:
            operator_pin_set(operator=operator, pin=world.OPERATOR_PIN)
            made += 1
    shifts = len(TABLETS) * len(POS_SHIFT_DAYS_AGO) + 1
    total = len(world.OPERATORS) + shifts
    if PosSale.objects.filter(client_uuid=sale_uuid(TABLETS[0].cart, 0, 0)).exists():
        return total, made
    now = timezone.now()
    for tablet in TABLETS:
        _Season(tablet, now).build()
    return total, made + shifts


class _Season:
    def __init__(self, tablet: TabletPlan, now: datetime.datetime):
        self.tablet = tablet
        self.now = now
        self.zone = ZoneInfo(settings.BUSINESS_TIME_ZONE)
        self.cart = Cart.objects.select_related("location").get(code=tablet.cart)
        username = next(user for user, _name, cart in world.OPERATORS if cart == tablet.cart)
        self.operator = Operator.objects.select_related("user").get(user__username=username)
        self.rng = random.Random(f"{POS_SEED}-{tablet.cart}")
        levels = stock_at_location(location=self.cart.location)
        self.left = {level.variant: level.quantity for level in levels if level.quantity > 0}
        self.sequence = 0

    def build(self) -> None:
        for index, days_ago in enumerate(POS_SHIFT_DAYS_AGO):
            day = (self.now.astimezone(self.zone) - datetime.timedelta(days=days_ago)).date()
            opened = datetime.datetime.combine(day, datetime.time(9, 30), tzinfo=self.zone)
            closed = datetime.datetime.combine(day, datetime.time(18, 30), tzinfo=self.zone)
            shift = self.shift(index, opened, self.rng.randint(*POS_SALES_PER_SHIFT), minutes=480)
            expected = z_report(shift=shift).expected_cash_fen
            variance = POS_CASH_VARIANCE_YUAN.get((self.tablet.cart, index), 0) * 100
            counted = expected + variance
            note = "现金短款，已说明" if variance < 0 else ("现金长款，已上交" if variance > 0 else "")
            shift_close(
                shift=shift, counted_cash_fen=counted, actor=self.operator.user, note=note, closed_at=closed
            )
        if POS_OPEN_SHIFT["cart"] == self.tablet.cart:
            self.shift("open", self.now - datetime.timedelta(hours=3), POS_OPEN_SHIFT["sales"], minutes=150)

    def shift(self, index, opened: datetime.datetime, count: int, *, minutes: int):
        shift = shift_open(
            cart=self.cart,
            operator=self.operator,
            device_id=self.tablet.device,
            opening_cash_fen=self.tablet.opening_cash_yuan * 100,
            opened_at=opened,
        )
        sales = [
            self.sale(shift, index, n, opened + datetime.timedelta(minutes=20 + n * minutes // count))
            for n in range(count)
        ]
        refunds = [
            RefundDraft(
                client_uuid=str(uuid.uuid5(NAMESPACE, f"refund-{cart}-{sale_shift}-{number}")),
                sale_uuid=sale_uuid(cart, sale_shift, number),
                shift_id=shift.pk,
                device_time=opened + datetime.timedelta(minutes=minutes),
                reason=reason,
            )
            for cart, sale_shift, number, refund_shift, reason in POS_REFUNDS
            if (cart, refund_shift) == (self.tablet.cart, index)
        ]
        results = pos_sync(
            cart=self.cart,
            device_id=self.tablet.device,
            sales=sales,
            refunds=refunds,
            actor=self.operator.user,
        )
        refused = [result for result in results if result.status == SyncStatus.REJECTED]
        if refused:
            raise RuntimeError(f"the demo's sales were refused: {refused}")
        return shift

    def sale(self, shift, index, number: int, at: datetime.datetime) -> SaleDraft:
        lines = [self.line()]
        if self.rng.random() < 0.25:
            lines.append(self.line())
        lines = [line for line in lines if line is not None]
        first = number == 0 and (self.tablet.cart, index)
        if first == POS_OVERSELL:
            # A piece the books never sent here (it came along from the base in the operator's bag).
            stray = (
                Variant.objects.exclude(pk__in=[variant.pk for variant in self.left]).order_by("sku").first()
            )
            lines = [SaleLineDraft(stray.sku, 1, stray.price_fen)]
        if first == POS_ROUNDED_PRICE:
            lines[0] = SaleLineDraft(lines[0].sku, lines[0].quantity, lines[0].unit_price_fen - 1000)
        total = sum(line.unit_price_fen * line.quantity - line.discount_fen for line in lines)
        method = self.rng.choices(METHODS, weights=METHOD_WEIGHTS)[0]
        tendered = -(-total // 10000) * 10000 if method == PaymentMethod.CASH else None
        self.sequence += 1
        return SaleDraft(
            client_uuid=sale_uuid(self.tablet.cart, index, number),
            shift_id=shift.pk,
            device_time=at,
            receipt_number=f"{self.tablet.cart.upper()}-{self.tablet.device4}-{self.sequence:06d}",
            lines=lines,
            payment_method=method,
            amount_fen=total,
            tendered_fen=tendered,
        )

    def line(self) -> SaleLineDraft | None:
        held = [variant for variant, quantity in self.left.items() if quantity > 0]
        if not held:
            return None
        variant = self.rng.choice(held)
        quantity = 2 if self.left[variant] >= 2 and self.rng.random() < 0.2 else 1
        self.left[variant] -= quantity
        discount, reason = 0, ""
        if self.rng.random() < 0.12:
            discount = max(100, variant.price_fen * quantity // 20 // 100 * 100)
            reason = self.rng.choice(DISCOUNT_REASONS)
        return SaleLineDraft(variant.sku, quantity, variant.price_fen, discount, reason)
