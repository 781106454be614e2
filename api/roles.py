"""The programme's staff roles: a Django group each, holding the model permissions its work needs.

The admin and the API (api/core/permissions.py) both ask for these permissions, never `is_staff`
alone: a staff member in no group may sign in to the admin and do nothing there or in the API.
docs/permissions.md says what each role does with them.

api/migrations/0001_staff_roles.py made the groups with a frozen copy of this table; when it
changes, add a migration that brings the groups along (tests/api/test_roles.py compares the latest
one with this table).
`staff_roles_sync` makes them from this table where a database has none yet (the demo, tests that
start from emptied tables).
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

MANAGER = "项目经理"
STOCK_CLERK = "库管员"
FINANCE = "财务"


def _crud(app_label: str, *models: str, actions=("add", "change", "view")) -> list[str]:
    return [f"{app_label}.{action}_{model}" for model in models for action in actions]


STAFF_ROLES: dict[str, tuple[str, ...]] = {
    # Artisans and their terms, the catalogue and prices, online orders (hand over, refund), carts,
    # sites and operators; looks at stock and shifts, closes a shift left open. No money of artisans.
    MANAGER: tuple(
        _crud("artisans", "workshop", "artisan")
        + ["artisans.add_agreement", "artisans.view_agreement"]
        + _crud("catalog", "category", "product", "productimage", "variant")
        + ["catalog.view_variantprice"]
        + _crud("media", "image")
        + _crud("ledger", "productagreementoverride")
        + _crud(
            "inventory",
            "location",
            "stocklevel",
            "intake",
            "transfer",
            "stockcount",
            "movement",
            actions=("view",),
        )
        + ["orders.change_order", "orders.view_order", "orders.view_checkout"]
        + _crud("orders", "shippingregion", "campaign")
        + _crud("carts", "site", "cart", "operator")
        + ["carts.change_shift", "carts.view_shift"]
        + ["carts.view_possale", "carts.view_posrejectedsale", "orders.view_orderhold"]
        + ["carts.view_posrefund"]
        + _crud("payments", "payment", "refund", actions=("view",))
    ),
    # Stock: intake, transfers out and their receipt, counts, adjustments; reads the catalogue and
    # the artisans to fill in those forms.
    STOCK_CLERK: tuple(
        ["inventory.view_location", "inventory.view_stocklevel"]
        + _crud("inventory", "intake", "stockcount", "movement", actions=("add", "view"))
        + _crud("inventory", "transfer")
        + _crud("catalog", "category", "product", "variant", actions=("view",))
        + ["artisans.view_artisan"]
    ),
    # The ledger: journal, balances and statements, payout runs, confirming payouts, artisans' bank
    # details; reads orders, payments and Z reports to reconcile them.
    FINANCE: tuple(
        _crud(
            "ledger",
            "account",
            "journaltransaction",
            "journalentry",
            "salesplit",
            "refundsplit",
            "productagreementoverride",
            actions=("view",),
        )
        + _crud("ledger", "payoutprofile")
        + ["ledger.add_payoutrun", "ledger.view_payoutrun", "ledger.change_payout", "ledger.view_payout"]
        + ["artisans.view_artisan", "artisans.view_agreement"]
        + ["orders.view_order", "carts.view_shift"]
        # Held cart sales: she approves them (their money becomes payable) or voids them.
        + ["carts.review_possale", "carts.view_possale", "carts.view_posrejectedsale"]
        # Cart refunds with their lines; she marks the refunds of old sales reviewed.
        + ["carts.view_posrefund"]
        + ["orders.view_orderhold", "ledger.view_salerelease"]
        + _crud("payments", "payment", "refund", "stripeevent", actions=("view",))
        # The wallets' daily bills: she sees the mismatches and has the provider asked about each.
        + ["payments.view_providerbill", "payments.view_billmismatch", "payments.change_billmismatch"]
    ),
}


@transaction.atomic
def staff_roles_sync() -> list[Group]:
    """Each role's group with exactly its permissions (made where missing). The permissions must
    exist already (Django makes them after migrating)."""
    groups = []
    for name, permissions in STAFF_ROLES.items():
        wanted = Q()
        for permission in permissions:
            app_label, codename = permission.split(".")
            wanted |= Q(content_type__app_label=app_label, codename=codename)
        found = list(Permission.objects.filter(wanted).select_related("content_type"))
        if len(found) != len(set(permissions)):
            names = {f"{p.content_type.app_label}.{p.codename}" for p in found}
            missing = sorted(set(permissions) - names)
            raise ValueError(f"Unknown permissions for {name}: {', '.join(missing)}.")
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(found)
        groups.append(group)
    return groups
