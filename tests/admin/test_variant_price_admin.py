import pytest
from django.urls import reverse
from django.utils import timezone

from catalog.models import VariantPrice
from catalog.selectors import prices_at
from catalog.services import variant_prices_record
from tests.factories import VariantFactory


@pytest.mark.django_db
def test_a_price_changed_in_the_admin_enters_the_price_history(admin_client):
    variant = VariantFactory(price_fen=12800)
    variant_prices_record(variants=[variant])

    response = admin_client.post(
        reverse("admin:catalog_variant_change", args=[variant.pk]),
        {
            "product": variant.product_id,
            "sku": variant.sku,
            "name_zh": "",
            "name_en": "",
            "price_fen": "150.00",
            "artisan": variant.artisan_id,
            "sort_order": 0,
        },
    )

    assert response.status_code == 302
    assert list(
        VariantPrice.objects.filter(variant=variant).order_by("pk").values_list("price_fen", flat=True)
    ) == [
        12800,
        15000,
    ]
    assert prices_at(variant_ids=[variant.pk], when=timezone.now()) == {variant.pk: 15000}
