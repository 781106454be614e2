"""The demo's stock story, through the inventory services: each artisan's first consignment at the
base, the season's transfers to the carts (one received short), and a count at a cart. Each step is
keyed, so building again adds nothing (demo/builder.py runs them in its sections)."""

import random

from accounts.models import User
from artisans.models import Artisan
from carts.models import Cart
from catalog.models import Variant
from demo import world
from inventory.models import Intake, Location, StockCount, Transfer
from inventory.selectors import stock_at_location
from inventory.services import (
    CountedLine,
    LineQuantity,
    ReceivedLine,
    intake_create,
    stock_count_submit,
    transfer_create,
    transfer_receive,
)


def staff_user() -> User:
    """The demo's superuser, who records the programme's own work."""
    return User.objects.get(username=world.STAFF["username"])


def intake_quantity(variant: Variant) -> int:
    if variant.product.is_one_of_a_kind:
        return 1
    return random.Random(f"{world.STOCK_SEED}-{variant.sku}").randint(world.INTAKE_MIN, world.INTAKE_MAX)


def build_intake() -> tuple[int, int]:
    staff = staff_user()
    done = set(
        Intake.objects.filter(idempotency_key__startswith="demo-intake-").values_list(
            "idempotency_key", flat=True
        )
    )
    variants = Variant.objects.select_related("product").order_by("sku")
    made = 0
    for artisan in Artisan.objects.order_by("code"):
        key = f"demo-intake-{artisan.code}"
        lines = [
            LineQuantity(variant=v, quantity=intake_quantity(v))
            for v in variants
            if v.artisan_id == artisan.pk
        ]
        if key in done or not lines:
            continue
        intake_create(artisan=artisan, lines=lines, actor=staff, note="首批寄售入库", idempotency_key=key)
        made += 1
    return Artisan.objects.count(), made


def transfer_lines(share: int) -> list[LineQuantity]:
    """Shares 0-2 are the season's first stocking of each cart: every SKU goes to two of the three
    carts (a one-of-a-kind piece to at most one); share 3 is a small restock of every fifth SKU."""
    lines = []
    for index, variant in enumerate(Variant.objects.select_related("product").order_by("sku")):
        if share == 3:
            quantity = 1 if index % 5 == 0 and not variant.product.is_one_of_a_kind else 0
        elif variant.product.is_one_of_a_kind:
            quantity = 1 if index % 3 == share and index % 2 == 0 else 0
        else:
            quantity = max(1, intake_quantity(variant) // 4) if share in (index % 3, (index + 1) % 3) else 0
        if quantity:
            lines.append(LineQuantity(variant=variant, quantity=quantity))
    return lines


def build_transfers() -> tuple[int, int]:
    staff = staff_user()
    base = Location.objects.get(code=world.BASE["code"])
    made = 0
    for plan in world.TRANSFERS:
        key = f"demo-transfer-{plan.key}"
        transfer = Transfer.objects.filter(idempotency_key=key).first()
        if transfer is None:
            transfer = transfer_create(
                source=base,
                destination=Location.objects.get(code=plan.destination),
                lines=transfer_lines(plan.carts_share),
                actor=staff,
                note=plan.note,
                idempotency_key=key,
            )
            made += 1
        if plan.receive and transfer.status == Transfer.Status.DISPATCHED:
            transfer_receive(transfer=transfer, lines=received_lines(transfer, plan), actor=staff)
            made += 1
    return len(world.TRANSFERS), made


def received_lines(transfer: Transfer, plan: world.TransferPlan) -> list[ReceivedLine]:
    lines = list(transfer.lines.select_related("variant").order_by("variant__sku"))
    short_line, missing, note = None, 0, ""
    if plan.shortfall is not None:
        start, missing, note = plan.shortfall
        short_line = next((line for line in lines[start:] if line.quantity_sent > missing), lines[start])
    return [
        ReceivedLine(variant=line.variant, quantity_received=line.quantity_sent - missing, note=note)
        if line is short_line
        else ReceivedLine(variant=line.variant, quantity_received=line.quantity_sent)
        for line in lines
    ]


def build_count() -> tuple[int, int]:
    key = f"demo-count-{world.COUNT['key']}"
    if StockCount.objects.filter(idempotency_key=key).exists():
        return 1, 0
    location = Cart.objects.get(code=world.COUNT["cart"]).location
    levels = [level for level in stock_at_location(location=location) if level.quantity > 0]
    lines = [
        CountedLine(
            variant=level.variant,
            counted=level.quantity - (1 if position == world.COUNT["short_index"] else 0),
        )
        for position, level in enumerate(levels)
    ]
    stock_count_submit(
        location=location, lines=lines, actor=staff_user(), note=world.COUNT["note"], idempotency_key=key
    )
    return 1, 1
