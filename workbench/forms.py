"""The new-piece screen's form: the product, its photo and its variants with prices in yuan and the
quantities handed over."""

from django import forms
from django.utils.translation import gettext_lazy as _

from artisans.models import Artisan
from catalog.models import Category
from core.forms import YuanField


class PieceForm(forms.Form):
    name_zh = forms.CharField(label=_("名称（中文）"), max_length=200)
    name_en = forms.CharField(label=_("名称（英文）"), max_length=200)
    slug = forms.SlugField(
        label=_("网址标识"), max_length=80, help_text=_("英文小写字母、数字和连字符，例如 blue-satin-robe")
    )
    category = forms.ModelChoiceField(
        label=_("分类"), queryset=Category.objects.order_by("sort_order", "name_zh")
    )
    artisan = forms.ModelChoiceField(
        label=_("手工艺人"), queryset=Artisan.objects.filter(is_active=True).order_by("code")
    )
    description_zh = forms.CharField(
        label=_("介绍（中文）"), required=False, widget=forms.Textarea({"rows": 3})
    )
    description_en = forms.CharField(
        label=_("介绍（英文）"), required=False, widget=forms.Textarea({"rows": 3})
    )
    is_one_of_a_kind = forms.BooleanField(label=_("孤品（每个规格只有一件）"), required=False)
    photo = forms.FileField(
        label=_("照片"),
        required=False,
        widget=forms.ClearableFileInput(
            {"accept": "image/jpeg,image/png,image/webp", "data-preview": "photo-preview"}
        ),
        help_text=_("JPEG、PNG 或 WebP；选好后下面会显示预览。"),
    )


class VariantRowForm(forms.Form):
    sku = forms.CharField(label=_("SKU"), max_length=64)
    name_zh = forms.CharField(label=_("规格（中文）"), max_length=100, required=False)
    name_en = forms.CharField(label=_("规格（英文）"), max_length=100, required=False)
    price = YuanField(label=_("价格（元）"), min_fen=1)
    quantity = forms.IntegerField(label=_("入库数量（总库）"), min_value=0, max_value=10_000, initial=1)


class BaseVariantFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        skus = [form.cleaned_data["sku"].strip() for form in self.forms if form.has_changed()]
        if len(set(skus)) != len(skus):
            raise forms.ValidationError(_("同一个 SKU 只能填一次。"))


VariantFormSet = forms.formset_factory(
    VariantRowForm, formset=BaseVariantFormSet, extra=2, min_num=1, validate_min=True, max_num=20
)
