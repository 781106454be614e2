"""Form fields for staff: money typed and shown in yuan, shares in percent, while the models keep
integer fen and basis points. Every staff form and admin uses them (core/admin_fields.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.money import format_bp, format_fen, format_fen_plain, parse_percent, parse_yuan

POSITIVE_INTEGER_MAX = 2_147_483_647


class YuanField(forms.Field):
    widget = forms.TextInput

    """Shows 168000 fen as "1680.00" and cleans "1680", "1,680.00" or "¥1680" to 168000 fen."""

    default_error_messages = {
        "invalid": _("请输入以元为单位的金额，例如 1680 或 1680.00。"),
        "min_value": _("金额不能少于 %(limit)s。"),
        "max_value": _("金额不能超过 %(limit)s。"),
    }

    def __init__(self, *, min_fen: int | None = 0, max_fen: int | None = POSITIVE_INTEGER_MAX, **kwargs):
        self.min_fen, self.max_fen = min_fen, max_fen
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("maxlength", "20")
        self.widget.attrs.setdefault("inputmode", "decimal")
        self.widget.attrs.setdefault("class", "vYuanField")

    def prepare_value(self, value):
        if isinstance(value, int) and not isinstance(value, bool):
            return format_fen_plain(value)
        return value

    def to_python(self, value):
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        text = "" if value is None else str(value).strip()
        if not text:
            return None
        try:
            return parse_yuan(text)
        except ValueError as error:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from error

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if self.min_fen is not None and value < self.min_fen:
            raise forms.ValidationError(
                self.error_messages["min_value"], code="min_value", params={"limit": format_fen(self.min_fen)}
            )
        if self.max_fen is not None and value > self.max_fen:
            raise forms.ValidationError(
                self.error_messages["max_value"], code="max_value", params={"limit": format_fen(self.max_fen)}
            )


class PercentField(forms.Field):
    widget = forms.TextInput

    """Shows 7500 basis points as "75" and cleans "75", "75 %" or "12.5" to basis points (0–100 %)."""

    default_error_messages = {
        "invalid": _("请输入百分比，例如 75 或 12.5（最多两位小数）。"),
        "max_value": _("百分比不能超过 %(limit)s%%。"),
    }

    def __init__(self, *, max_bp: int = 10_000, **kwargs):
        self.max_bp = max_bp
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("maxlength", "10")
        self.widget.attrs.setdefault("inputmode", "decimal")
        self.widget.attrs.setdefault("class", "vPercentField")

    def prepare_value(self, value):
        if isinstance(value, int) and not isinstance(value, bool):
            return format_bp(value)
        return value

    def to_python(self, value):
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        text = "" if value is None else str(value).strip()
        if not text:
            return None
        try:
            return parse_percent(text)
        except ValueError as error:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from error

    def validate(self, value):
        super().validate(value)
        if value is not None and value > self.max_bp:
            raise forms.ValidationError(
                self.error_messages["max_value"], code="max_value", params={"limit": format_bp(self.max_bp)}
            )


class IsoDateInput(forms.DateInput):
    """The browser's date picker: it takes and sends ISO dates only, whatever the page's language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")
