from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.i18n import localized


class Category(models.Model):
    slug = models.SlugField(_("标识"), max_length=60, unique=True)
    name_zh = models.CharField(_("名称（中文）"), max_length=100)
    name_en = models.CharField(_("名称（英文）"), max_length=100)
    description_zh = models.TextField(_("介绍（中文）"), blank=True)
    description_en = models.TextField(_("介绍（英文）"), blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级分类"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("分类")
        verbose_name_plural = _("分类")
        ordering = ["sort_order", "slug"]

    def __str__(self):
        return self.name_zh

    @property
    def name(self):
        return localized(self, "name")


class Product(models.Model):
    slug = models.SlugField(_("标识"), max_length=80, unique=True)
    name_zh = models.CharField(_("名称（中文）"), max_length=200)
    name_en = models.CharField(_("名称（英文）"), max_length=200)
    description_zh = models.TextField(_("介绍（中文）"), blank=True)
    description_en = models.TextField(_("介绍（英文）"), blank=True)
    category = models.ForeignKey(
        Category, verbose_name=_("分类"), on_delete=models.PROTECT, related_name="products"
    )
    is_published = models.BooleanField(_("上架"), default=True)
    is_one_of_a_kind = models.BooleanField(_("孤品"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("商品")
        verbose_name_plural = _("商品")
        ordering = ["slug"]
        # Trigram indexes for the storefront's search on PostgreSQL (docs/search.md)
        indexes = [
            GinIndex(fields=["name_zh"], name="product_name_zh_trgm", opclasses=["gin_trgm_ops"]),
            GinIndex(fields=["name_en"], name="product_name_en_trgm", opclasses=["gin_trgm_ops"]),
        ]

    def __str__(self):
        return self.name_zh

    @property
    def name(self):
        return localized(self, "name")

    @property
    def description(self):
        return localized(self, "description")


class ProductImage(models.Model):
    product = models.ForeignKey(
        Product, verbose_name=_("商品"), on_delete=models.CASCADE, related_name="images"
    )
    image = models.ForeignKey(
        "media.Image", verbose_name=_("图片"), on_delete=models.PROTECT, related_name="+"
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("商品图片")
        verbose_name_plural = _("商品图片")
        ordering = ["sort_order", "pk"]
        constraints = [models.UniqueConstraint(fields=["product", "image"], name="product_image_once")]

    def __str__(self):
        return f"{self.product_id}:{self.image_id}"


class Variant(models.Model):
    """One SKU (a size, a colour, or the single piece of a one-of-a-kind), made by exactly one artisan."""

    product = models.ForeignKey(
        Product, verbose_name=_("商品"), on_delete=models.CASCADE, related_name="variants"
    )
    sku = models.CharField(_("SKU"), max_length=40, unique=True)
    name_zh = models.CharField(_("规格（中文）"), max_length=100, blank=True)
    name_en = models.CharField(_("规格（英文）"), max_length=100, blank=True)
    price_fen = models.PositiveIntegerField(_("价格（分）"))
    artisan = models.ForeignKey(
        "artisans.Artisan", verbose_name=_("手工艺人"), on_delete=models.PROTECT, related_name="variants"
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("规格/SKU")
        verbose_name_plural = _("规格/SKU")
        ordering = ["product", "sort_order", "sku"]
        indexes = [GinIndex(fields=["sku"], name="variant_sku_trgm", opclasses=["gin_trgm_ops"])]
        constraints = [
            models.CheckConstraint(condition=Q(price_fen__gt=0), name="variant_price_positive"),
            models.CheckConstraint(condition=~Q(sku=""), name="variant_sku_not_blank"),
        ]

    def __str__(self):
        return f"{self.sku} {self.product.name_zh} {self.name_zh}".strip()

    @property
    def name(self):
        return localized(self, "name")


class VariantPrice(models.Model):
    """The price list over time: one row each time a variant's price is set or changes.

    A cart sale made offline is checked against the price that held when it was made, not today's.
    """

    variant = models.ForeignKey(
        Variant, verbose_name=_("规格/SKU"), on_delete=models.CASCADE, related_name="prices"
    )
    price_fen = models.PositiveIntegerField(_("价格（分）"))
    valid_from = models.DateTimeField(_("生效时间"))

    class Meta:
        verbose_name = _("价格记录")
        verbose_name_plural = _("价格记录")
        ordering = ["variant", "-valid_from", "-pk"]
        indexes = [models.Index(fields=["variant", "valid_from"])]
        constraints = [
            models.CheckConstraint(condition=Q(price_fen__gt=0), name="variantprice_price_positive")
        ]

    def __str__(self):
        return f"{self.variant_id}: {self.price_fen} @ {self.valid_from:%Y-%m-%d %H:%M}"
