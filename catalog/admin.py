from django.contrib import admin
from django.db.models import Count, Max, Min, Prefetch
from django.utils.translation import gettext_lazy as _

from catalog.models import Category, Product, ProductImage, Variant
from catalog.services import variant_prices_record
from core.money import format_fen
from media.admin import thumbnail_tag


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name_zh", "name_en", "slug", "parent", "sort_order", "product_count")
    list_editable = ("sort_order",)
    search_fields = ("name_zh", "name_en", "slug")
    prepopulated_fields = {"slug": ("name_en",)}
    list_select_related = ("parent",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(product_total=Count("products"))

    @admin.display(description=_("商品数"), ordering="product_total")
    def product_count(self, obj):
        return obj.product_total


class VariantInline(admin.TabularInline):
    """A variant is never deleted: stock, sales and payouts refer to it. Unpublish the product instead."""

    model = Variant
    extra = 0
    fields = ("sku", "name_zh", "name_en", "price_fen", "price_display", "artisan", "sort_order")
    readonly_fields = ("price_display",)
    autocomplete_fields = ("artisan",)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("价格"))
    def price_display(self, obj):
        return format_fen(obj.price_fen) if obj.price_fen else "—"


class ProductImageInline(admin.TabularInline):
    model = ProductImage
    extra = 0
    fields = ("preview", "image", "sort_order")
    readonly_fields = ("preview",)
    raw_id_fields = ("image",)

    @admin.display(description=_("预览"))
    def preview(self, obj):
        return thumbnail_tag(obj.image if obj.image_id else None)


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = (
        "thumb",
        "name_zh",
        "name_en",
        "category",
        "price_range",
        "variant_count",
        "is_published",
        "is_one_of_a_kind",
    )
    list_display_links = ("thumb", "name_zh")
    list_filter = ("category", "is_published", "is_one_of_a_kind", "variants__artisan")
    search_fields = ("slug", "name_zh", "name_en", "variants__sku")
    prepopulated_fields = {"slug": ("name_en",)}
    list_select_related = ("category",)
    inlines = [VariantInline, ProductImageInline]
    fieldsets = (
        (None, {"fields": ("slug", "name_zh", "name_en", "category", "is_published", "is_one_of_a_kind")}),
        (_("介绍"), {"fields": ("description_zh", "description_en")}),
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                variant_total=Count("variants", distinct=True),
                price_min=Min("variants__price_fen"),
                price_max=Max("variants__price_fen"),
            )
            .prefetch_related(
                Prefetch(
                    "images",
                    queryset=ProductImage.objects.select_related("image").order_by("sort_order", "pk"),
                )
            )
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Cart sales are checked against the price list at their time: keep its history.
        variant_prices_record(variants=list(form.instance.variants.all()))

    @admin.display(description=_("图片"))
    def thumb(self, obj):
        images = list(obj.images.all())
        return thumbnail_tag(images[0].image if images else None, box=56)

    @admin.display(description=_("价格"), ordering="price_min")
    def price_range(self, obj):
        if obj.price_min is None:
            return "—"
        if obj.price_min == obj.price_max:
            return format_fen(obj.price_min)
        return f"{format_fen(obj.price_min)} – {format_fen(obj.price_max)}"

    @admin.display(description=_("规格数"), ordering="variant_total")
    def variant_count(self, obj):
        return obj.variant_total


@admin.register(Variant)
class VariantAdmin(admin.ModelAdmin):
    """SKUs across products: the list the stock forms search in."""

    list_display = ("sku", "product", "name_zh", "price", "artisan")
    list_filter = ("product__category", "artisan")
    search_fields = ("sku", "product__name_zh", "product__name_en", "name_zh", "artisan__name_zh")
    list_select_related = ("product", "artisan")
    autocomplete_fields = ("product", "artisan")
    fields = ("product", "sku", "name_zh", "name_en", "price_fen", "artisan", "sort_order")

    def get_queryset(self, request):
        # The autocomplete of the stock forms lists variants by str(), which names the product.
        return super().get_queryset(request).select_related("product", "artisan")

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        variant_prices_record(variants=[obj])

    @admin.display(description=_("价格"), ordering="price_fen")
    def price(self, obj):
        return format_fen(obj.price_fen)
