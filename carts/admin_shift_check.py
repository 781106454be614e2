"""The admin's view of a shift's Z check: where the Z report its tablet worked out differs from the
server's, in words, and a filter of the shifts list by it (docs/pos.md, "Shifts made on the tablet")."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from carts.models import PaymentMethod
from core.money import format_fen

Z_FIELDS = {
    "salesCount": _("销售笔数"),
    "grossFen": _("原价合计"),
    "discountFen": _("优惠"),
    "netFen": _("净销售额"),
    "refundsCount": _("退款笔数"),
    "refundsFen": _("退款金额"),
    "openingCashFen": _("开班现金"),
    "expectedCashFen": _("应有现金"),
    "countedCashFen": _("实点现金"),
    "varianceFen": _("差额"),
    "totalsByMethod": _("销售"),
    "refundsByMethod": _("退款"),
    "amountFen": _("金额"),
    "count": _("笔数"),
    "pieces": _("售出商品"),
    "quantity": _("件数"),
}


def z_difference_rows(shift) -> list[tuple[str, str, str]]:
    """A shift's Z differences in words: (figure, the tablet's, the server's)."""
    labels = {value.upper(): label for value, label in PaymentMethod.choices}
    rows = []
    for difference in shift.z_differences:
        parts = difference["field"].split(".")
        label = " · ".join(str(labels.get(part) or Z_FIELDS.get(part, part)) for part in parts)
        money = parts[-1].endswith("Fen")

        def shown(value, money=money) -> str:
            return "—" if value is None else (format_fen(value) if money else str(value))

        rows.append((label, shown(difference["device"]), shown(difference["server"])))
    return rows


class ZCheckFilter(admin.SimpleListFilter):
    title = _("平板 Z 报表核对")
    parameter_name = "z_check"

    def lookups(self, request, model_admin):
        return [("differs", _("与服务器不一致")), ("agrees", _("一致"))]

    def queryset(self, request, queryset):
        checked = queryset.exclude(device_z_report=None)
        if self.value() == "differs":
            return checked.exclude(z_differences=[])
        if self.value() == "agrees":
            return checked.filter(z_differences=[])
        return queryset
