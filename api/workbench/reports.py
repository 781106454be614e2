"""salesReport: the staff's sales reports (/staff/reports/) as typed rows, with the figures their CSV
downloads give (orders/selectors_reports.py), money in fen and yuan (Money). Staff with
orders.view_order, the permission the report pages ask for."""

import datetime

import graphene

from api.core.filters import DateRangeInput, date_range, invalid
from api.core.permissions import query_requires_permission
from api.core.types import Money
from orders import selectors_reports

VIEW_SALES = "orders.view_order"
MAX_REPORT_DAYS = 366


class SalesReportGrouping(graphene.Enum):
    CART_AND_DAY = "cart_and_day"
    CART = "cart"
    ARTISAN = "artisan"
    CATEGORY = "category"

    @property
    def description(self):
        return {
            SalesReportGrouping.CART_AND_DAY: "A row per day and cart, newest day first.",
            SalesReportGrouping.CART: "A row per cart and one for the online shop.",
            SalesReportGrouping.ARTISAN: "A row per artisan, biggest net sales first.",
            SalesReportGrouping.CATEGORY: "A row per product category, biggest net sales first.",
        }[self]


REPORTS = {
    "cart_and_day": selectors_reports.sales_by_cart_and_day,
    "cart": selectors_reports.sales_by_cart,
    "artisan": selectors_reports.sales_by_artisan,
    "category": selectors_reports.sales_by_category,
}


class SalesReportRow(graphene.ObjectType):
    """One group's sales; a refund counts against the sale it refunds (its day, cart and artisan)."""

    date = graphene.Date(description="CART_AND_DAY: the day (Qinghai).")
    code = graphene.String(
        required=True,
        description="The location's, artisan's or category's code; empty for the online shop.",
    )
    label = graphene.String(required=True, description="Its name in the reader's language.")
    orders = graphene.Int(required=True)
    pieces = graphene.Int(required=True, description="Sold less returned.")
    paid = graphene.Field(Money, required=True, description="Line totals after discounts, no shipping.")
    refunded = graphene.Field(Money, required=True)
    net = graphene.Field(Money, required=True)

    @staticmethod
    def resolve_date(root, info):
        day = root.key[0] if root.key else None
        return day if isinstance(day, datetime.date) else None

    @staticmethod
    def resolve_label(root, info):
        return str(root.label)

    @staticmethod
    def resolve_paid(root, info):
        return Money.of(root.paid_fen)

    @staticmethod
    def resolve_refunded(root, info):
        return Money.of(root.refunded_fen)

    @staticmethod
    def resolve_net(root, info):
        return Money.of(root.net_fen)


class SalesReport(graphene.ObjectType):
    rows = graphene.List(graphene.NonNull(SalesReportRow), required=True)
    pieces = graphene.Int(required=True)
    paid = graphene.Field(Money, required=True)
    refunded = graphene.Field(Money, required=True)
    net = graphene.Field(Money, required=True)

    @staticmethod
    def resolve_paid(root, info):
        return Money.of(root.paid_fen)

    @staticmethod
    def resolve_refunded(root, info):
        return Money.of(root.refunded_fen)

    @staticmethod
    def resolve_net(root, info):
        return Money.of(root.net_fen)


def sales_report_field():
    return graphene.Field(
        SalesReport,
        group_by=SalesReportGrouping(required=True),
        period=DateRangeInput(required=True, description="Both days required, at most 366 days."),
        description="Sales over a period, grouped as the report pages group them. Staff with "
        "orders.view_order only.",
    )


def resolve_sales_report(info, group_by, period):
    query_requires_permission(info, VIEW_SALES)
    date_from, date_to = date_range(period, "period")
    if date_from is None or date_to is None:
        raise invalid("Give both `period.gte` and `period.lte`.", "period")
    if (date_to - date_from).days >= MAX_REPORT_DAYS:
        raise invalid(f"A report covers at most {MAX_REPORT_DAYS} days.", "period")
    report = REPORTS[getattr(group_by, "value", group_by)]
    return report(date_from=date_from, date_to=date_to)
