"""Factories for every domain model. Stock is never made here: use inventory services for it."""

import datetime

import factory
from django.utils import timezone

from accounts.models import User
from artisans.models import Agreement, Artisan, County, Workshop
from carts.models import Cart, Operator, Site
from catalog.models import Category, Product, Variant
from inventory.models import Location


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pass-word-123")


class StaffFactory(UserFactory):
    username = factory.Sequence(lambda n: f"staff{n}")
    is_staff = True
    is_superuser = True


class WorkshopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workshop

    name_zh = factory.Sequence(lambda n: f"工坊{n}")
    name_en = factory.Sequence(lambda n: f"Workshop {n}")
    county = County.DULAN


class ArtisanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Artisan

    code = factory.Sequence(lambda n: f"artisan-{n}")
    name_zh = factory.Sequence(lambda n: f"手艺人{n}")
    name_latin = factory.Sequence(lambda n: f"Artisan {n}")
    county = County.WULAN


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    artisan = factory.SubFactory(ArtisanFactory)
    valid_from = datetime.date(2026, 1, 1)
    artisan_bp = 7000
    operator_bp = 1000
    programme_bp = 2000


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    slug = factory.Sequence(lambda n: f"category-{n}")
    name_zh = factory.Sequence(lambda n: f"分类{n}")
    name_en = factory.Sequence(lambda n: f"Category {n}")


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    slug = factory.Sequence(lambda n: f"product-{n}")
    name_zh = factory.Sequence(lambda n: f"商品{n}")
    name_en = factory.Sequence(lambda n: f"Product {n}")
    category = factory.SubFactory(CategoryFactory)


class VariantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Variant

    product = factory.SubFactory(ProductFactory)
    sku = factory.Sequence(lambda n: f"SKU-{n:05d}")
    price_fen = 12800
    artisan = factory.SubFactory(ArtisanFactory)


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    code = factory.Sequence(lambda n: f"loc-{n}")
    kind = Location.Kind.BASE
    name_zh = factory.Sequence(lambda n: f"库位{n}")
    name_en = factory.Sequence(lambda n: f"Location {n}")


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    code = factory.Sequence(lambda n: f"site-{n}")
    name_zh = factory.Sequence(lambda n: f"景区{n}")
    name_en = factory.Sequence(lambda n: f"Site {n}")


class CartFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cart

    code = factory.Sequence(lambda n: f"cart-{n}")
    name_zh = factory.Sequence(lambda n: f"零售车{n}")
    name_en = factory.Sequence(lambda n: f"Cart {n}")
    site = factory.SubFactory(SiteFactory)
    location = factory.SubFactory(LocationFactory, kind=Location.Kind.CART)


class OperatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Operator
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory, username=factory.Sequence(lambda n: f"operator{n}"))

    @factory.post_generation
    def carts(self, create, extracted, **kwargs):
        if create and extracted:
            self.carts.set(extracted)


def aware(year, month, day, hour=12):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))
