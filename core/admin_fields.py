"""Yuan and percentages in every admin page, while the models keep integer fen and basis points.

A model field named `*_fen` is edited through YuanField and shown as "¥1,680.00"; one named `*_bp`
through PercentField and shown as "75%". The admin site mixes this into every model admin and its
inlines (config/admin_site.py), so a new admin gets it without asking.
"""

import re
from typing import Any

from django.contrib.admin.options import BaseModelAdmin, InlineModelAdmin
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.functional import lazy
from django.utils.translation import gettext

from core.forms import PercentField, YuanField
from core.money import format_bp, format_fen

POSITIVE = (models.PositiveIntegerField, models.PositiveBigIntegerField, models.PositiveSmallIntegerField)
UNIT = re.compile(r"\s*[（(][^（()）]*[)）]\s*$")


def _unit_kind(field) -> str | None:
    if not isinstance(field, models.IntegerField):
        return None
    if field.name.endswith("_fen"):
        return "fen"
    if field.name.endswith("_bp"):
        return "bp"
    return None


def _relabel(verbose_name, kind: str) -> str:
    """'价格（分）' -> '价格（元）', 'Price (fen)' -> 'Price (yuan)'; '份额（基点）' -> '份额（%）'."""
    bare = UNIT.sub("", str(verbose_name))
    template = gettext("%(label)s（元）") if kind == "fen" else gettext("%(label)s（%%）")
    return template % {"label": bare}


relabel = lazy(_relabel, str)


_DISPLAYS: dict[tuple[Any, str], Any] = {}


def unit_display(model: Any, name: str):
    """A read-only column or field showing a fen or basis-point field in yuan or percent: one function
    per field, so that the admin finds the same one in its fields and its read-only fields."""
    if (model, name) not in _DISPLAYS:
        _DISPLAYS[model, name] = _unit_display(model, name)
    return _DISPLAYS[model, name]


def _unit_display(model: Any, name: str):
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)
    kind = _unit_kind(field) or "fen"

    def show(obj):
        value = getattr(obj, name)
        if value is None:
            return "—"
        return format_fen(value) if kind == "fen" else f"{format_bp(value)}%"

    display: Any = show
    display.__name__ = name
    display.short_description = relabel(field.verbose_name, kind)
    display.admin_order_field = name
    return display


class YuanAndPercentFields(BaseModelAdmin):
    """Mixed into every ModelAdmin and InlineModelAdmin by the admin site."""

    def _unit_field_kind(self, name) -> str | None:
        if not isinstance(name, str):
            return None
        try:
            return _unit_kind(self.model._meta.get_field(name))
        except FieldDoesNotExist:
            return None

    def _shown(self, names, only=None):
        return [
            unit_display(self.model, name)
            if self._unit_field_kind(name) and (only is None or name in only)
            else name
            for name in names
        ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        kind = _unit_kind(db_field)
        if kind is None or db_field.choices:
            return super().formfield_for_dbfield(db_field, request, **kwargs)
        options = {
            "label": relabel(db_field.verbose_name, kind),
            "required": not db_field.blank,
            "help_text": db_field.help_text,
        }
        if db_field.has_default() and not callable(db_field.default):
            options["initial"] = db_field.default
        if kind == "fen":
            return YuanField(min_fen=0 if isinstance(db_field, POSITIVE) else None, **options)
        return PercentField(**options)

    def get_list_display(self, request):
        return self._shown(super().get_list_display(request))  # type: ignore[misc]

    def get_readonly_fields(self, request, obj=None):
        return self._shown(super().get_readonly_fields(request, obj))

    def _view_only(self, request, obj) -> bool:
        """A page (or inline) its user may only view shows every field read-only."""
        if obj is None or self.has_change_permission(request, obj):
            return False
        # An inline that may add rows needs its fields as fields for the blank rows.
        return not isinstance(self, InlineModelAdmin) or not self.has_add_permission(request, obj)

    def get_formset(self, request, obj=None, **kwargs):
        # An inline's form keeps the model's own fields (Django does not leave them out when the rows
        # are view-only); only the page shows them through unit_display.
        readonly = set(super().get_readonly_fields(request, obj))
        fields = flatten_fieldsets(super().get_fieldsets(request, obj))
        kwargs.setdefault("fields", [name for name in fields if name not in readonly])
        return super().get_formset(request, obj, **kwargs)  # type: ignore[misc]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        view_only = self._view_only(request, obj)
        readonly = None if view_only else set(super().get_readonly_fields(request, obj))
        if readonly is not None and not readonly & set(flatten_fieldsets(fieldsets)):
            return fieldsets
        return [
            (title, {**options, "fields": self._shown_nested(options["fields"], readonly)})
            for title, options in fieldsets
        ]

    def _shown_nested(self, fields, readonly):
        shown = []
        for item in fields:
            if isinstance(item, list | tuple):  # several fields on one line
                shown.append(tuple(self._shown(item, readonly)))
            else:
                shown.append(self._shown([item], readonly)[0])
        return shown
