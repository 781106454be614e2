"""Every staff report as CSV (?format=csv on its page): the same figures as the page, amounts in yuan
as plain numbers ("1680.00") that a spreadsheet sums, headings in the page's language. UTF-8 with a
byte-order mark, so that spreadsheet programs read the Chinese names right."""

import csv
import io

from django.http import HttpResponse
from django.utils.translation import gettext as _

from core.money import format_fen_plain


def csv_response(filename: str, header: list[str], rows: list[list]) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    response = HttpResponse(buffer.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _figures(row) -> list:
    return [
        row.orders,
        row.pieces,
        format_fen_plain(row.paid_fen),
        format_fen_plain(row.refunded_fen),
        format_fen_plain(row.net_fen),
    ]


def _figure_headings() -> list[str]:
    return [_("订单"), _("件数"), _("实收（元）"), _("已退（元）"), _("净额（元）")]


def grouped_csv(filename: str, group: str, report) -> HttpResponse:
    """One row per group (cart, artisan, category) and the total."""
    rows = [[row.label, *_figures(row)] for row in report.rows]
    rows.append(
        [
            _("合计"),
            "",
            report.pieces,
            format_fen_plain(report.paid_fen),
            format_fen_plain(report.refunded_fen),
            format_fen_plain(report.net_fen),
        ]
    )
    return csv_response(filename, [group, *_figure_headings()], rows)


def by_day_csv(filename: str, report) -> HttpResponse:
    rows = [[row.key[0].isoformat(), row.label, *_figures(row)] for row in report.rows]
    return csv_response(filename, [_("日期"), _("零售车"), *_figure_headings()], rows)


def weekly_csv(filename: str, weekly) -> HttpResponse:
    """One row per week (its Monday), one column per cart: net sales in yuan."""
    header = [_("周（周一）"), *[str(series.label) for series in weekly.series]]
    rows = [
        [monday.isoformat(), *[format_fen_plain(series.net_fen[i]) for series in weekly.series]]
        for i, monday in enumerate(weekly.weeks)
    ]
    return csv_response(filename, header, rows)


def trial_balance_csv(filename: str, balance) -> HttpResponse:
    rows = [
        [
            str(row.label),
            format_fen_plain(row.debit_fen) if row.debit_fen else "",
            format_fen_plain(row.credit_fen) if row.credit_fen else "",
        ]
        for row in balance.rows
    ]
    rows.append([_("合计"), format_fen_plain(balance.debit_fen), format_fen_plain(balance.credit_fen)])
    rows.append([_("差额（应为零）"), format_fen_plain(balance.total_fen), ""])
    return csv_response(filename, [_("账户类型"), _("借方（元）"), _("贷方（元）")], rows)
