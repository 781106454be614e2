"""The listing's filters and sort, read from the address (GET), so that links and the back button
keep them and they work without script. A bad value is shown next to its field and ignored; the
other filters still apply."""

from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_YUAN = Decimal("1000000")


class YuanInput(forms.NumberInput):
    def __init__(self):
        super().__init__(attrs={"min": "0", "step": "0.01", "inputmode": "decimal"})


def _yuan_field(label):
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=0,
        max_value=MAX_YUAN,
        decimal_places=2,
        widget=YuanInput(),
        error_messages={
            "invalid": _("请填写以元为单位的价格，如 98 或 98.50；这一项暂不使用。"),
            "min_value": _("价格不能是负数；这一项暂不使用。"),
            "max_value": _("价格太大了；这一项暂不使用。"),
            "max_decimal_places": _("价格最多到分（两位小数）；这一项暂不使用。"),
            "max_digits": _("价格太大了；这一项暂不使用。"),
            "max_whole_digits": _("价格太大了；这一项暂不使用。"),
        },
    )


CHOICE_ERRORS = {"invalid_choice": _("没有这个选项；这一项暂不使用。")}


@dataclass(frozen=True)
class ListingFilters:
    """The valid filters, as listing_products takes them, with their canonical address."""

    category_slug: str = ""
    maker_code: str = ""
    price_min_fen: int | None = None
    price_max_fen: int | None = None
    in_stock: bool = False
    sort: str = ""

    @property
    def active(self) -> bool:
        return bool(
            self.category_slug
            or self.maker_code
            or self.price_min_fen is not None
            or self.price_max_fen is not None
            or self.in_stock
        )

    def query(self, *, term: str = "") -> str:
        """The query string (without page) of these filters, the same however the address spelt
        them: the pager's links and the grid's cache key."""
        params = [
            ("q", term),
            ("category", self.category_slug),
            ("maker", self.maker_code),
            ("min", _fen_to_yuan(self.price_min_fen)),
            ("max", _fen_to_yuan(self.price_max_fen)),
            ("stock", "1" if self.in_stock else ""),
            ("sort", self.sort),
        ]
        return urlencode([(name, value) for name, value in params if value])


def _fen_to_yuan(fen: int | None) -> str:
    if fen is None:
        return ""
    yuan = Decimal(fen) / 100
    whole = yuan == yuan.to_integral_value()
    return str(yuan.quantize(Decimal(1)) if whole else yuan.quantize(Decimal("0.01")))


class ListingFilterForm(forms.Form):
    category = forms.ChoiceField(label=_("分类"), required=False, error_messages=CHOICE_ERRORS)
    maker = forms.ChoiceField(label=_("手艺人"), required=False, error_messages=CHOICE_ERRORS)
    min = _yuan_field(_("最低价（元）"))
    max = _yuan_field(_("最高价（元）"))
    stock = forms.BooleanField(label=_("只看有货"), required=False)
    sort = forms.ChoiceField(label=_("排序方式"), required=False, error_messages=CHOICE_ERRORS)

    def __init__(self, data, *, categories, makers, searching: bool, with_category: bool = True):
        """categories: every category (with its parent); makers: those with pieces on sale;
        searching: relevance is the default order; with_category: False where the address fixes it."""
        super().__init__(data)
        if with_category:
            self.fields["category"].choices = [("", _("全部分类"))] + [
                (c.slug, f"{c.parent.name} · {c.name}" if c.parent_id else c.name) for c in categories
            ]
        else:
            del self.fields["category"]
        self.fields["maker"].choices = [("", _("全部手艺人"))] + [(m.code, m.name) for m in makers]
        self.fields["sort"].choices = [
            ("", _("最相关") if searching else _("默认")),
            ("newest", _("最新上架")),
            ("price", _("价格从低到高")),
            ("-price", _("价格从高到低")),
        ]

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:  # tie the message to its field for screen readers
                self.fields[name].widget.attrs.update(
                    {"aria-invalid": "true", "aria-describedby": f"{self[name].auto_id}_error"}
                )

    def clean(self):
        data = super().clean()
        low, high = data.get("min"), data.get("max")
        if low is not None and high is not None and high < low:
            self.add_error("max", _("最高价低于最低价；这一项暂不使用。"))
        return data

    def filters(self) -> ListingFilters:
        """The valid filters (the form is validated first); the others are left out."""
        self.is_valid()
        data = self.cleaned_data
        low, high = data.get("min"), data.get("max")
        return ListingFilters(
            category_slug=data.get("category") or "",
            maker_code=data.get("maker") or "",
            price_min_fen=int(low * 100) if low is not None else None,
            price_max_fen=int(high * 100) if high is not None else None,
            in_stock=bool(data.get("stock")),
            sort=data.get("sort") or "",
        )
