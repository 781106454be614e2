"""Staff powers in the API are Django's model permissions (api/core/permissions.py), as in the admin:
each staff mutation names the ones it needs, a part of a mutation that does more work asks for more,
and a permission to change a model also lets one view it. Who holds which as a role is in
tests/security's matrix."""

import datetime

import pytest
from django.contrib.auth.models import Permission

from api.core.mutations import BaseMutation
from api.core.tokens import token_for
from api.schema import schema
from artisans.models import Agreement, Artisan
from catalog.models import Product, Variant
from tests import factories
from tests.api.conftest import DENIED, gid, row_counts
from tests.api.test_artisan_update import ARTISAN_UPDATE
from tests.api.test_product_update import PRODUCT_UPDATE


def _mutation_classes() -> dict[str, type]:
    """{mutation field: its graphene mutation class}: a payload type is its mutation class."""
    mutation_type = schema.graphql_schema.mutation_type
    return {name: field.type.graphene_type for name, field in mutation_type.fields.items()}


def _staff_with(*permissions: str):
    """A staff member in no group, granted these permissions ("app.codename") directly."""
    user = factories.UserFactory(is_staff=True)
    for permission in permissions:
        app_label, codename = permission.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


@pytest.mark.django_db
def test_every_staff_mutation_names_model_permissions_that_exist():
    named = {
        name: mutation.permissions
        for name, mutation in _mutation_classes().items()
        if issubclass(mutation, BaseMutation) and mutation.staff_only
    }
    permissions = {
        f"{app_label}.{codename}"
        for app_label, codename in Permission.objects.values_list("content_type__app_label", "codename")
    }

    assert [name for name, needed in named.items() if not needed] == []
    assert {perm for needed in named.values() for perm in needed} - permissions == set()
    assert named == {
        "artisanCreate": ("artisans.add_artisan",),
        "artisanUpdate": ("artisans.change_artisan",),
        "productCreate": ("catalog.add_product", "catalog.add_variant"),
        "productUpdate": ("catalog.change_product",),
        "orderFulfill": ("orders.change_order",),
        "orderRefund": ("orders.change_order",),
        "intakeCreate": ("inventory.add_intake",),
        "transferCreate": ("inventory.add_transfer",),
        "restockTargetSet": ("inventory.add_transfer",),
        "stockAdjust": ("inventory.add_movement",),
        "payoutRunCreate": ("ledger.add_payoutrun",),
        "payoutConfirm": ("ledger.change_payout",),
        "payoutFail": ("ledger.change_payout",),
        "payoutRunApprove": ("ledger.approve_payoutrun",),
        "posSaleApprove": ("carts.review_possale",),
        "posSaleVoid": ("carts.review_possale",),
    }


def test_renaming_a_product_needs_its_change_permission_and_sending_variants_the_variants(
    gql, product, artisan
):
    renamer = token_for(_staff_with("catalog.change_product"))
    repricing = {
        "id": gid("Product", product),
        "input": {"variants": [{"sku": "YAK-S", "priceFen": 1, "artisan": gid("Artisan", artisan)}]},
    }
    before = row_counts(Product, Variant)

    refused = gql(PRODUCT_UPDATE, repricing, token=renamer)
    renamed = gql(PRODUCT_UPDATE, {"id": gid("Product", product), "input": {"nameEn": "Yak"}}, token=renamer)

    assert refused["data"]["productUpdate"] == {"product": None, "errors": DENIED}
    assert renamed["data"]["productUpdate"]["errors"] == []
    assert renamed["data"]["productUpdate"]["product"]["nameEn"] == "Yak"
    assert row_counts(Product, Variant) == before
    assert sorted(product.variants.values_list("sku", "price_fen")) == [("YAK-L", 25600), ("YAK-S", 12800)]


def test_new_terms_need_the_permission_to_add_agreements(gql, artisan):
    editor = token_for(_staff_with("artisans.change_artisan"))
    terms = {"validFrom": "2026-07-01", "artisanBp": 9000, "operatorBp": 500, "programmeBp": 500}
    variables = {"id": gid("Artisan", artisan), "input": {"phone": "13900000009", "agreement": terms}}

    refused = gql(ARTISAN_UPDATE, variables, token=editor)

    assert refused["data"]["artisanUpdate"] == {"artisan": None, "errors": DENIED}
    assert Agreement.objects.filter(artisan=artisan).count() == 0
    assert Artisan.objects.get(pk=artisan.pk).phone == "13800000001"


def test_whoever_may_change_a_model_may_view_it_as_in_the_admin(gql, artisan):
    # artisans.change_artisan without artisans.view_artisan: the admin shows her the artisans, so
    # does the API (her phone number is on the change page).
    editor = token_for(_staff_with("artisans.change_artisan"))
    factories.AgreementFactory(artisan=artisan, valid_from=datetime.date(2026, 1, 1))

    result = gql('{ artisan(code: "urna") { phone agreements { artisanBp } } }', token=editor)

    assert result == {"data": {"artisan": {"phone": "13800000001", "agreements": None}}}


def test_a_permission_held_by_someone_who_is_not_staff_grants_nothing(gql, artisan):
    # The admin lets no one in who is not staff; the API holds to the same rule.
    user = factories.UserFactory(is_staff=False)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="artisans", codename="view_artisan")
    )

    result = gql('{ artisan(code: "urna") { phone } }', token=token_for(user))

    assert result == {"data": {"artisan": {"phone": None}}}
