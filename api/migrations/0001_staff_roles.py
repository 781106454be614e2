"""The staff roles as groups with their model permissions (api/roles.py says why each has what).

A frozen copy of api/roles.py's table as it was when this migration was written: a later change to
the roles comes with a migration of its own. Django makes the permissions only after every migration
has run, so the ones a role needs are made here (as Django would name them) where they are missing.
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
        + _crud("payments", "payment", "refund", "stripeevent", actions=("view",))
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


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=list(ROLES)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("artisans", "0003_portal_login"),
        ("catalog", "0004_variant_price_initial"),
        ("media", "0001_initial"),
        ("inventory", "0005_references_checked_per_statement"),
        ("payments", "0002_payment_fee"),
        ("ledger", "0003_payout_schedule"),
        ("orders", "0008_references_checked_per_statement"),
        ("carts", "0004_references_checked_per_statement"),
    ]

    operations = [migrations.RunPython(make_roles, remove_roles)]
