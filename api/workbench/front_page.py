"""The staff's front page over GraphQL (`staffHome`): the same figures as the admin's front page
(workbench.selectors.front_page), each block for the staff who may act on it, as the page shows it
(a block they may not see is null); anyone else is refused."""

import graphene

from api.core.permissions import has_permission, is_active_staff, permission_error, user_of
from api.core.types import Money
from api.inventory.types import Transfer
from workbench.selectors import front_page

# Each block and what the admin's front page asks to show it (workbench/templates/workbench/front_page.html).
BLOCK_PERMISSIONS = {
    "sales": "orders.view_order",
    "held": "carts.review_possale",
    "transfers_in_transit": "inventory.view_transfer",
    "pickups_waiting": "orders.view_order",
    "low_stock": "inventory.view_stocklevel",
    "payouts_pending": "ledger.view_payout",
    "tablets": "carts.view_shift",
}


class StaffHomeSales(graphene.ObjectType):
    label = graphene.String(required=True, description="A cart's name, or the online shop.")
    cart_code = graphene.String(description="Null for the online shop.")
    today = graphene.Field(Money, required=True)
    week = graphene.Field(Money, required=True, description="Since Monday (Qinghai).")


class StaffHomeHeld(graphene.ObjectType):
    count = graphene.Int(required=True)
    oldest = graphene.DateTime(description="When the oldest held sale was held.")


class StaffHomeTransfer(graphene.ObjectType):
    transfer = graphene.Field(Transfer, required=True)
    age_hours = graphene.Int(required=True, description="Hours since it was dispatched.")


class StaffHomeCartCount(graphene.ObjectType):
    cart_code = graphene.String(required=True)
    count = graphene.Int(required=True)
    skus = graphene.List(graphene.NonNull(graphene.String), required=True, description="The first five.")


class StaffHomePayouts(graphene.ObjectType):
    pending_count = graphene.Int(required=True)
    pending = graphene.Field(Money, required=True)
    runs_awaiting_approval = graphene.Int(required=True)


class StaffHomeTabletSync(graphene.ObjectType):
    cart_code = graphene.String(required=True)
    last_sync = graphene.DateTime(description="The latest sale any of its tablets sent; null: never.")
    silent = graphene.Boolean(required=True, description="Nothing since yesterday began (Qinghai).")


class StaffHome(graphene.ObjectType):
    """What needs doing today. Each block is null for staff who may not see it."""

    today = graphene.Date(required=True, description="Today in the business time zone.")
    week_start = graphene.Date(required=True)
    sales = graphene.List(graphene.NonNull(StaffHomeSales))
    held = graphene.Field(StaffHomeHeld)
    transfers_in_transit = graphene.List(graphene.NonNull(StaffHomeTransfer))
    pickups_waiting = graphene.List(graphene.NonNull(StaffHomeCartCount))
    low_stock = graphene.List(graphene.NonNull(StaffHomeCartCount))
    payouts_pending = graphene.Field(StaffHomePayouts)
    tablets = graphene.List(graphene.NonNull(StaffHomeTabletSync))

    @staticmethod
    def resolve_sales(root, info):
        if not _may(info, "sales"):
            return None
        return [
            StaffHomeSales(
                label=row.label,
                cart_code=root.cart_codes.get(row.location_id),
                today=Money.of(row.today_fen),
                week=Money.of(row.week_fen),
            )
            for row in root.page.sales
        ]

    @staticmethod
    def resolve_held(root, info):
        page = root.page
        return StaffHomeHeld(count=page.held_count, oldest=page.held_oldest) if _may(info, "held") else None

    @staticmethod
    def resolve_transfers_in_transit(root, info):
        if not _may(info, "transfers_in_transit"):
            return None
        return [
            StaffHomeTransfer(transfer=row.transfer, age_hours=row.age_hours) for row in root.page.in_transit
        ]

    @staticmethod
    def resolve_pickups_waiting(root, info):
        return _counts(root.page.pickups) if _may(info, "pickups_waiting") else None

    @staticmethod
    def resolve_low_stock(root, info):
        return _counts(root.page.low_stock) if _may(info, "low_stock") else None

    @staticmethod
    def resolve_payouts_pending(root, info):
        if not _may(info, "payouts_pending"):
            return None
        page = root.page
        return StaffHomePayouts(
            pending_count=page.payouts_pending_count,
            pending=Money.of(page.payouts_pending_fen),
            runs_awaiting_approval=page.runs_awaiting_approval,
        )

    @staticmethod
    def resolve_tablets(root, info):
        if not _may(info, "tablets"):
            return None
        return [
            StaffHomeTabletSync(cart_code=row.cart.code, last_sync=row.last_sync, silent=row.silent)
            for row in root.page.tablets
        ]


class StaffHomeRoot:
    """The selector's page, with each cart's code by its location (for the sales rows)."""

    def __init__(self, page, cart_codes: dict[int, str]):
        self.page, self.cart_codes = page, cart_codes
        self.today, self.week_start = page.today, page.week_start


def resolve_staff_home(info):
    if not is_active_staff(user_of(info)):
        raise permission_error()
    page = front_page()
    codes = {row.cart.location_id: row.cart.code for row in page.tablets}
    return StaffHomeRoot(page, codes)


def _may(info, block: str) -> bool:
    return has_permission(user_of(info), BLOCK_PERMISSIONS[block])


def _counts(rows):
    return [StaffHomeCartCount(cart_code=row.cart.code, count=row.count, skus=list(row.skus)) for row in rows]
