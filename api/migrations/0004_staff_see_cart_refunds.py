"""The staff roles see the cart refunds with their lines (carts.view_posrefund): the manager, and
finance, who marks the refunds of old sales reviewed. A frozen copy of api/roles.py's table as it
now stands (0001_staff_roles says why it is frozen).
"""

from django.db import migrations

MANAGER = "项目经理"
STOCK_CLERK = "库管员"
FINANCE = "财务"


def _crud(app_label, *models, actions=("add", "change", "view")):
    return [f"{app_label}.{action}_{model}" for model in models for action in actions]


ROLES = {
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
    STOCK_CLERK: tuple(
        ["inventory.view_location", "inventory.view_stocklevel"]
        + _crud("inventory", "intake", "stockcount", "movement", actions=("add", "view"))
        + _crud("inventory", "transfer")
        + _crud("catalog", "category", "product", "variant", actions=("view",))
        + ["artisans.view_artisan"]
    ),
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
        + ["carts.review_possale", "carts.view_possale", "carts.view_posrejectedsale"]
        + ["carts.view_posrefund"]
        + ["orders.view_orderhold", "ledger.view_salerelease"]
        + _crud("payments", "payment", "refund", "stripeevent", actions=("view",))
        + ["payments.view_providerbill", "payments.view_billmismatch", "payments.change_billmismatch"]
    ),
}


def _permission(apps, permission):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    app_label, codename = permission.split(".")
    action, model_name = codename.split("_", 1)
    model = apps.get_model(app_label, model_name)  # a LookupError for a name that is no model
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model_name)
    found, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": f"Can {action} {model._meta.verbose_name_raw}"},
    )
    return found


def make_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, permissions in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set([_permission(apps, permission) for permission in permissions])


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0003_finance_reconciles_wallet_bills"),
        ("carts", "0013_pos_refund_whole_into_lines"),
    ]

    # Back to 0001's table is 0001's own make_roles; leaving the groups as they are is enough here.
    operations = [migrations.RunPython(make_roles, migrations.RunPython.noop)]
