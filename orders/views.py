"""Staff reports (/staff/reports/): sales by cart and day, by artisan, by category, the weekly chart per
cart and the ledger's trial balance. Staff with the permission the admin asks for the same figures
(sales: orders.view_order; the trial balance: ledger.view_account): anyone else signed in gets 403,
a stranger the login.

Pages sit in the admin's frame (admin/base_site.html), so staff reach them from the admin's index.
"""

import datetime
import functools

from django import forms
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.dates import OUT_OF_RANGE_MESSAGE, within_books
from core.money import format_fen
from ledger.selectors import ledger_trial_balance
from orders import report_csv
from orders.models import Order
from orders.selectors_reports import (
    business_zone,
    sales_by_artisan,
    sales_by_cart,
    sales_by_cart_and_day,
    sales_by_category,
    weekly_sales_by_cart,
)

DEFAULT_DAYS = 30
# Distinct on white and to the colour-blind (Okabe–Ito); a series past the last reuses the first.
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")


VIEW_SALES = "orders.view_order"
VIEW_BOOKS = "ledger.view_account"


def staff_with(permission: str):
    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path(), reverse("admin:login"))
            if not (user.is_active and user.is_staff and user.has_perm(permission)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


def _within_books(day):
    if day is not None and not within_books(day):
        raise forms.ValidationError(OUT_OF_RANGE_MESSAGE)


class PeriodForm(forms.Form):
    date_from = forms.DateField(
        label=gettext_lazy("从"),
        required=False,
        widget=forms.DateInput({"type": "date"}, format="%Y-%m-%d"),
        validators=[_within_books],
    )
    date_to = forms.DateField(
        label=gettext_lazy("到"),
        required=False,
        widget=forms.DateInput({"type": "date"}, format="%Y-%m-%d"),
        validators=[_within_books],
    )

    def clean(self):
        data = super().clean() or self.cleaned_data
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("开始日期不能晚于结束日期。"))
        return data


def _period(request) -> tuple[PeriodForm, datetime.date | None, datetime.date | None, int]:
    """The dates asked for and the page's status; none asked: the 30 days up to the last day anything
    sold. Dates the form refuses are shown with its messages, over that default period, with a 400."""
    if "date_from" in request.GET or "date_to" in request.GET:
        form = PeriodForm(request.GET)
        if form.is_valid():
            return form, form.cleaned_data["date_from"], form.cleaned_data["date_to"], 200
        _default_form, date_from, date_to, _status = _default_period()
        return form, date_from, date_to, 400
    return _default_period()


def _default_period() -> tuple[PeriodForm, datetime.date, datetime.date, int]:
    latest = Order.objects.aggregate(latest=Max("paid_at"))["latest"]
    zone = business_zone()
    date_to = timezone.localtime(latest, zone).date() if latest else timezone.localdate(timezone=zone)
    date_from = date_to - datetime.timedelta(days=DEFAULT_DAYS - 1)
    return PeriodForm(initial={"date_from": date_from, "date_to": date_to}), date_from, date_to, 200


def _wants_csv(request) -> bool:
    return request.GET.get("format") == "csv"


def _csv_name(stem: str, date_from, date_to) -> str:
    since = date_from.isoformat() if date_from else "start"
    until = date_to.isoformat() if date_to else "end"
    return f"{stem}-{since}-{until}.csv"


def _page(request, template: str, title: str, status: int = 200, **context):
    return render(
        request,
        template,
        {
            **admin.site.each_context(request),
            "title": title,
            "reports": _report_links(request.user),
            "csv_query": _csv_query(request),
            **context,
        },
        status=status,
    )


def _csv_query(request) -> str:
    """The page's own query (its period) with format=csv, for its download links."""
    query = request.GET.copy()
    query["format"] = "csv"
    return query.urlencode()


def _report_links(user):
    links = [
        (reverse("reports:sales"), _("按零售车和日期"), VIEW_SALES),
        (reverse("reports:artisans"), _("按手工艺人"), VIEW_SALES),
        (reverse("reports:categories"), _("按商品分类"), VIEW_SALES),
        (reverse("reports:weekly"), _("每周销售图"), VIEW_SALES),
        (reverse("reports:trial_balance"), _("试算平衡"), VIEW_BOOKS),
    ]
    return [(url, label) for url, label, permission in links if user.has_perm(permission)]


@staff_with(VIEW_SALES)
def index(request):
    return _page(request, "reports/index.html", _("销售报表"), chart=_chart(weekly_sales_by_cart()))


@staff_with(VIEW_SALES)
def sales(request):
    form, date_from, date_to, status = _period(request)
    if _wants_csv(request) and status == 200:
        if request.GET.get("table") == "by-cart":
            report = sales_by_cart(date_from=date_from, date_to=date_to)
            return report_csv.grouped_csv(_csv_name("sales-by-cart", date_from, date_to), _("零售车"), report)
        report = sales_by_cart_and_day(date_from=date_from, date_to=date_to)
        return report_csv.by_day_csv(_csv_name("sales-by-day", date_from, date_to), report)
    return _page(
        request,
        "reports/sales.html",
        _("按零售车和日期的销售"),
        status,
        form=form,
        by_cart=sales_by_cart(date_from=date_from, date_to=date_to),
        by_day=sales_by_cart_and_day(date_from=date_from, date_to=date_to),
    )


@staff_with(VIEW_SALES)
def artisans(request):
    form, date_from, date_to, status = _period(request)
    report = sales_by_artisan(date_from=date_from, date_to=date_to)
    if _wants_csv(request) and status == 200:
        name = _csv_name("sales-by-artisan", date_from, date_to)
        return report_csv.grouped_csv(name, _("手工艺人"), report)
    return _page(
        request,
        "reports/grouped.html",
        _("按手工艺人的销售"),
        status,
        form=form,
        report=report,
        group=_("手工艺人"),
    )


@staff_with(VIEW_SALES)
def categories(request):
    form, date_from, date_to, status = _period(request)
    report = sales_by_category(date_from=date_from, date_to=date_to)
    if _wants_csv(request) and status == 200:
        return report_csv.grouped_csv(_csv_name("sales-by-category", date_from, date_to), _("分类"), report)
    return _page(
        request,
        "reports/grouped.html",
        _("按商品分类的销售"),
        status,
        form=form,
        report=report,
        group=_("分类"),
    )


@staff_with(VIEW_SALES)
def weekly(request):
    sales_weekly = weekly_sales_by_cart()
    if _wants_csv(request):
        return report_csv.weekly_csv("weekly-sales-by-cart.csv", sales_weekly)
    return _page(request, "reports/weekly.html", _("各零售车每周销售"), chart=_chart(sales_weekly))


@staff_with(VIEW_BOOKS)
def trial_balance(request):
    balance = ledger_trial_balance()
    if _wants_csv(request):
        return report_csv.trial_balance_csv("trial-balance.csv", balance)
    return _page(request, "reports/trial_balance.html", _("账本试算平衡"), balance=balance)


# The chart: an inline SVG drawn here (no JavaScript), one line per cart over the weeks.
# The plot area is HEIGHT tall; below it the week labels and the axis's caption, then a legend row per cart.
WIDTH, HEIGHT = 880, 400
LEFT, RIGHT, TOP, BOTTOM = 96, 24, 20, 64
LEGEND_ROW = 24


def _chart(weekly) -> dict:
    """Coordinates for reports/chart.html: axes with round yuan ticks, a polyline per cart."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    highest = max((value for series in weekly.series for value in series.net_fen), default=0)
    lowest = min((value for series in weekly.series for value in series.net_fen), default=0)
    step = _tick_step(max(highest - min(lowest, 0), 1))
    top = max(step, -(-highest // step) * step)
    bottom = min(0, (lowest // step) * step)
    span = top - bottom

    def x(index):
        count = len(weekly.weeks)
        return LEFT + (plot_w * index / (count - 1) if count > 1 else plot_w / 2)

    def y(value):
        return TOP + plot_h * (top - value) / span

    ticks = [{"y": round(y(value), 1), "label": format_fen(value)} for value in range(bottom, top + 1, step)]
    every = max(1, -(-len(weekly.weeks) // 12))
    weeks = [
        {"x": round(x(i), 1), "label": monday.strftime("%m-%d")}
        for i, monday in enumerate(weekly.weeks)
        if i % every == 0 or i == len(weekly.weeks) - 1
    ]
    series = []
    for n, line in enumerate(weekly.series):
        points = [(round(x(i), 1), round(y(value), 1)) for i, value in enumerate(line.net_fen)]
        series.append(
            {
                "label": line.label,
                "colour": COLOURS[n % len(COLOURS)],
                "points": " ".join(f"{px},{py}" for px, py in points),
                "dots": [
                    {"x": px, "y": py, "title": f"{line.label} {monday:%Y-%m-%d} {format_fen(value)}"}
                    for (px, py), monday, value in zip(points, weekly.weeks, line.net_fen, strict=True)
                ],
                "total": format_fen(sum(line.net_fen)),
                "legend_x": LEFT,
                "legend_y": HEIGHT + LEGEND_ROW * n + 8,
            }
        )
    return {
        "width": WIDTH,
        "height": HEIGHT + LEGEND_ROW * max(len(series), 1) + 8,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "top": TOP,
        "bottom": HEIGHT - BOTTOM,
        "zero_y": round(y(0), 1),
        "ticks": ticks,
        "weeks": weeks,
        "series": series,
        "first": weekly.weeks[0] if weekly.weeks else None,
        "last": weekly.weeks[-1] + datetime.timedelta(days=6) if weekly.weeks else None,
    }


def _tick_step(span_fen: int) -> int:
    """A round step (1, 2 or 5 times a power of ten yuan) giving four to eight ticks."""
    step = 100
    while True:
        for factor in (1, 2, 5):
            if span_fen / (step * factor) <= 6:
                return step * factor
        step *= 10
