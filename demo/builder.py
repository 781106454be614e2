"""Builds the demo world through the services, one transaction per section.

Each section creates only what is missing (looked up by code, slug, username or idempotency key), so
a second run changes nothing and a run after a half-built one completes it. Add a section by writing
a function that returns (how many there are, how many it made) and appending it to SECTIONS.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.db import transaction

from accounts.models import User
from api.roles import staff_roles_sync
from artisans.models import Artisan, Workshop
from artisans.services import (
    agreement_create,
    artisan_create,
    artisan_pin_set,
    artisan_update,
    workshop_create,
)
from carts.models import Cart, Site
from carts.services import cart_create, cart_pickup_details_set, operator_create, site_create
from catalog.models import Category, Product
from catalog.services import VariantInput, category_create, product_create
from demo import makers, world
from demo.catalogue import COLOURS, PRODUCTS, SIZES, ProductData
from demo.images import portrait_picture, product_picture
from demo.pos import build_pos
from demo.stock import build_count, build_intake, build_transfers
from demo.storefront import build_shop
from inventory.models import Location
from inventory.services import (
    location_create,
)
from media.services import image_create


@dataclass(frozen=True)
class Section:
    title: str
    build: Callable[[], tuple[int, int]]


def _image(data: bytes, name: str, alt_zh: str, alt_en: str):
    return image_create(upload=ContentFile(data, name=name), alt_zh=alt_zh, alt_en=alt_en)


def build_places() -> tuple[int, int]:
    made = 0
    if not Location.objects.filter(code=world.BASE["code"]).exists():
        location_create(kind=Location.Kind.BASE, **world.BASE)
        made += 1
    sites = set(Site.objects.values_list("code", flat=True))
    carts = set(Cart.objects.values_list("code", flat=True))
    for data in world.SITES:
        if data.code not in sites:
            site_create(
                code=data.code,
                name_zh=data.site_zh,
                name_en=data.site_en,
                county_zh=data.county_zh,
                description_zh=data.description_zh,
                description_en=data.description_en,
            )
            made += 1
        if data.code not in carts:
            name_zh, name_en = world.cart_names(data)
            cart = cart_create(
                code=data.code, name_zh=name_zh, name_en=name_en, site=Site.objects.get(code=data.code)
            )
            cart_pickup_details_set(
                cart=cart,
                opens_at=datetime.time.fromisoformat(data.hours[0]),
                closes_at=datetime.time.fromisoformat(data.hours[1]),
                open_weekdays=data.open_weekdays,
                directions_zh=data.directions_zh,
                directions_en=data.directions_en,
            )
            made += 1
    return 1 + 2 * len(world.SITES), made


def build_accounts() -> tuple[int, int]:
    made = 0
    usernames = set(User.objects.values_list("username", flat=True))
    if world.STAFF["username"] not in usernames:
        User.objects.create_superuser(
            username=world.STAFF["username"],
            password=world.STAFF["password"],
            display_name=world.STAFF["display_name"],
            email="",
        )
        made += 1
    role_groups = [group for *_, group in world.STAFF_ROLES]
    if Group.objects.filter(name__in=role_groups).count() != len(role_groups):
        staff_roles_sync()  # a migration made them; a database whose tables were emptied has none
    for username, password, display_name, group in world.STAFF_ROLES:
        if username not in usernames:
            user = User.objects.create_user(
                username=username, password=password, display_name=display_name, is_staff=True
            )
            user.groups.add(Group.objects.get(name=group))
            made += 1
    if world.REVIEWER["username"] not in usernames:
        reviewer = User.objects.create_user(
            username=world.REVIEWER["username"],
            password=world.REVIEWER["password"],
            display_name=world.REVIEWER["display_name"],
            is_staff=True,
        )
        for permission in world.REVIEWER_PERMISSIONS:
            app_label, codename = permission.split(".")
            reviewer.user_permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        made += 1
    for username, display_name, cart_code in world.OPERATORS:
        if username not in usernames:
            operator_create(
                username=username,
                password=world.OPERATOR_PASSWORD,
                display_name=display_name,
                carts=[Cart.objects.get(code=cart_code)],
            )
            made += 1
    if world.ARTISAN_USER["username"] not in usernames:
        User.objects.create_user(
            username=world.ARTISAN_USER["username"], password=world.ARTISAN_USER["password"]
        )
        made += 1
    return 3 + len(world.STAFF_ROLES) + len(world.OPERATORS), made


def build_workshops() -> tuple[int, int]:
    existing = set(Workshop.objects.values_list("name_zh", flat=True))
    missing = [data for data in makers.WORKSHOPS if data.name_zh not in existing]
    for data in missing:
        workshop_create(name_zh=data.name_zh, name_en=data.name_en, county=data.county)
    return len(makers.WORKSHOPS), len(missing)


def build_artisans() -> tuple[int, int]:
    workshops = {data.key: Workshop.objects.get(name_zh=data.name_zh) for data in makers.WORKSHOPS}
    login = User.objects.get(username=world.ARTISAN_USER["username"])
    existing = {artisan.code: artisan for artisan in Artisan.objects.all()}
    made = 0
    for data in makers.ARTISANS:
        user = login if data.code == world.ARTISAN_USER["artisan"] else None
        if data.code in existing:
            if user is not None and existing[data.code].user_id is None:
                artisan_update(artisan=existing[data.code], user=user)
            continue
        photo = _image(
            portrait_picture(key=data.code, robe=data.robe), f"{data.code}.jpg", data.name_zh, data.name_latin
        )
        artisan = artisan_create(
            code=data.code,
            name_zh=data.name_zh,
            name_latin=data.name_latin,
            county=data.county,
            workshop=workshops[data.workshop] if data.workshop else None,
            craft_zh=data.craft_zh,
            craft_en=data.craft_en,
            story_zh=data.story_zh,
            story_en=data.story_en,
            phone=data.phone,
            photo=photo,
            heritage_inheritor=data.heritage_inheritor,
            user=user,
        )
        artisan_bp, operator_bp, programme_bp, note = data.terms
        agreement_create(
            artisan=artisan,
            valid_from=makers.AGREEMENT_FROM,
            artisan_bp=artisan_bp,
            operator_bp=operator_bp,
            programme_bp=programme_bp,
            note=note,
        )
        made += 1
    if made and login.display_name == "":
        login.display_name = makers.ARTISANS[0].name_zh
        login.save(update_fields=["display_name"])
    return len(makers.ARTISANS), made


def build_categories() -> tuple[int, int]:
    existing = set(Category.objects.values_list("slug", flat=True))
    made = 0
    for position, data in enumerate(world.CATEGORIES):
        if data.slug not in existing:
            category_create(
                slug=data.slug,
                name_zh=data.name_zh,
                name_en=data.name_en,
                sort_order=(position + 1) * 10,
                description_zh=data.description_zh,
                description_en=data.description_en,
            )
            made += 1
    return len(world.CATEGORIES), made


def product_skus() -> dict[str, str]:
    """slug -> SKU stem: the category's prefix and the product's number within its category."""
    prefixes = {data.slug: data.sku_prefix for data in world.CATEGORIES}
    numbers: dict[str, int] = {}
    stems = {}
    for product in PRODUCTS:
        numbers[product.category] = numbers.get(product.category, 0) + 1
        stems[product.slug] = f"{prefixes[product.category]}{numbers[product.category]:02d}"
    return stems


def variant_inputs(product: ProductData, stem: str, artisan: Artisan) -> list[VariantInput]:
    price_fen = product.price_yuan * 100
    if product.options == "sizes":
        options = SIZES
    else:
        options = [COLOURS[colour] for colour in product.options]
    if not options:
        return [VariantInput(sku=stem, price_fen=price_fen, artisan=artisan)]
    return [
        VariantInput(
            sku=f"{stem}-{code}",
            price_fen=price_fen,
            artisan=artisan,
            name_zh=name_zh,
            name_en=name_en,
            sort_order=position,
        )
        for position, (code, name_zh, name_en) in enumerate(options)
    ]


def build_products() -> tuple[int, int]:
    existing = set(Product.objects.values_list("slug", flat=True))
    categories = {category.slug: category for category in Category.objects.all()}
    artisans = {artisan.code: artisan for artisan in Artisan.objects.all()}
    stems = product_skus()
    made = 0
    for product in PRODUCTS:
        if product.slug in existing:
            continue
        artisan = artisans[product.artisan]
        views = 2 if product.one_of_a_kind else 1
        images = [
            _image(
                product_picture(key=product.slug, category=product.category, variant=view),
                f"{product.slug}-{view}.jpg",
                product.name_zh,
                product.name_en,
            )
            for view in range(views)
        ]
        description_zh = f"{product.description_zh}由{artisan.name_zh}手工制作。"
        description_en = f"{product.description_en} Handmade by {artisan.name_latin}."
        if product.one_of_a_kind:
            description_zh += "孤品，仅此一件。"
            description_en += " One of a kind: there is only this piece."
        product_create(
            slug=product.slug,
            name_zh=product.name_zh,
            name_en=product.name_en,
            category=categories[product.category],
            variants=variant_inputs(product, stems[product.slug], artisan),
            description_zh=description_zh,
            description_en=description_en,
            is_one_of_a_kind=product.one_of_a_kind,
            images=images,
        )
        made += 1
    return len(PRODUCTS), made


def build_artisan_pins() -> tuple[int, int]:
    """The demo artisan signs in to her portal at /me/ with her phone number and PIN 246810."""
    artisan = Artisan.objects.get(user__username="artisan-01")
    if artisan.pin_hash:
        return 1, 0
    artisan_pin_set(artisan=artisan, pin=world.ARTISAN_PORTAL_PIN)
    return 1, 1


SECTIONS = [
    Section("创建总库、景区与零售车", build_places),
    Section("创建账户", build_accounts),
    Section("创建工坊", build_workshops),
    Section("创建手工艺人", build_artisans),
    Section("创建分类", build_categories),
    Section("创建商品与图片", build_products),
    Section("寄售入库", build_intake),
    Section("调拨到零售车", build_transfers),
    Section("零售车盘点", build_count),
    Section("零售车收银：PIN、班次与销售", build_pos),
    Section("手工艺人门户 PIN", build_artisan_pins),
    Section("网店：配送地区与推广链接", build_shop),
]


def build(write: Callable[[str], None] = print) -> int:
    """Build what is missing, section by section; return how many things were made."""
    total_made = 0
    for number, section in enumerate(SECTIONS, start=1):
        with transaction.atomic():
            total, made = section.build()
        suffix = "（已存在）" if made == 0 else ("" if made >= total else f"（补建 {made}）")
        write(f"[{number}/{len(SECTIONS)}] {section.title} … {total}{suffix}")
        total_made += made
    return total_made
