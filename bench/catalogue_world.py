"""The benchmarks' catalogue world: products with two variants each, a photo with its thumbnails,
1,000 pieces of each variant at the base, a shipping region (bench/storefront.py, bench/load_run.py)."""

import datetime
import random


def build_world(*, product_count: int, artisan_count: int) -> dict:
    """The catalogue (product_count products, two variants each, made by artisan_count artisans), stock and a
    shipping region. Products, variants and images are bulk-inserted
    (a bench fixture, not a domain write); prices and stock go through the catalogue and inventory
    services, so the price history, movements and stock levels are what production would hold."""
    import django

    django.setup()
    from django.db import connection, connections
    from graphql_relay import to_global_id

    from accounts.models import User
    from artisans.services import agreement_create, artisan_create
    from catalog.models import Category, Product, ProductImage, Variant
    from catalog.services import variant_prices_record
    from inventory.models import Location
    from inventory.services import LineQuantity, intake_create
    from media.models import Image
    from orders.models import ShippingRegion

    staff = User.objects.create_superuser("bench-staff", password="bench-pass-word-123")
    if not Location.objects.filter(kind=Location.Kind.BASE).exists():
        Location.objects.create(code="base", kind=Location.Kind.BASE, name_zh="工坊总库", name_en="Base")
    region = ShippingRegion.objects.create(
        code="qinghai", name_zh="青海省内", name_en="Qinghai", price_fen=1200
    )
    makers = [
        artisan_create(
            code=f"a{index:02d}", name_zh=f"手艺人{index}", name_latin=f"Artisan {index}", county="wulan"
        )
        for index in range(artisan_count)
    ]
    for artisan in makers:
        agreement_create(
            artisan=artisan,
            valid_from=datetime.date(2026, 1, 1),
            artisan_bp=7000,
            operator_bp=1000,
            programme_bp=2000,
        )
    categories = [
        Category.objects.create(
            slug=f"c{index}", name_zh=f"分类{index}", name_en=f"Category {index}", sort_order=index
        )
        for index in range(10)
    ]
    rng = random.Random(7)
    made = Product.objects.bulk_create(
        Product(
            slug=f"p{index:05d}",
            name_zh=f"毡制品{index}",
            name_en=f"Felt piece {index}",
            description_zh="手工毡艺。",
            description_en="Hand-made felt.",
            category=categories[index % len(categories)],
        )
        for index in range(product_count)
    )
    variants = Variant.objects.bulk_create(
        Variant(
            product=product,
            sku=f"{product.slug}-{size}",
            name_zh=size,
            name_en=size,
            price_fen=rng.randrange(20, 900) * 100,
            artisan=makers[index % artisan_count],
            sort_order=order,
        )
        for index, product in enumerate(made)
        for order, size in enumerate(("S", "L"))
    )
    for start in range(0, len(variants), 5000):
        variant_prices_record(variants=variants[start : start + 5000])
    images = Image.objects.bulk_create(
        Image(
            file=f"images/bench/{product.slug}.jpg",
            width=1200,
            height=900,
            sha256=f"{index:064d}",
            alt_zh=product.name_zh,
            alt_en=product.name_en,
            thumbnails={
                size: f"images/bench/thumbs/{product.slug}-{size}.webp" for size in ("160", "320", "640")
            },
        )
        for index, product in enumerate(made)
    )
    ProductImage.objects.bulk_create(
        ProductImage(product=product, image=image) for product, image in zip(made, images, strict=True)
    )
    by_artisan: dict[int, list] = {}
    for variant in variants:
        by_artisan.setdefault(variant.artisan_id, []).append(variant)
    for artisan in makers:
        mine = by_artisan.get(artisan.pk, [])
        for start in range(0, len(mine), 2000):
            intake_create(
                artisan=artisan,
                lines=[
                    LineQuantity(variant=variant, quantity=1000) for variant in mine[start : start + 2000]
                ],
                actor=staff,
            )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    world = {
        "variant_ids": [to_global_id("ProductVariant", variant.pk) for variant in variants],
        "region": to_global_id("ShippingRegion", region.pk),
    }
    connections.close_all()
    return world
