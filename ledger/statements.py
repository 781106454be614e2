"""An artisan's statement for a period: what she was owed at its start, each sale, refund and payout
in it, and what she is owed at its end. Read from the journal, so the figures always sum:
opening + shares - refunds - payouts + returned payouts + adjustments = closing.

A sale is in the statement from its batch's time (docs/ledger.md: the journal is posted per batch
and day, so always on the day it sold); within a day, lines are in the order things happened, a
sale's by its split's own time.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Sum
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from artisans.models import Artisan
from ledger import conf
from ledger.models import Account, Channel, JournalEntry, JournalTransaction, Payout, PayoutMethod, SaleSplit
from ledger.selectors import Balance, artisan_balance

TxKind = JournalTransaction.Kind


@dataclass(frozen=True)
class StatementLine:
    day: datetime.date
    kind: str  # a JournalTransaction kind
    kind_label: str
    place: str  # the cart, or the online shop; for a payout its method
    product: str
    quantity: int | None
    amount_fen: int | None  # what was paid or refunded for the line, or the payout's amount
    share_fen: int  # what it did to her balance: positive adds, negative takes away
    reference: str


@dataclass(frozen=True)
class Statement:
    artisan: Artisan
    date_from: datetime.date
    date_to: datetime.date
    opening_fen: int
    lines: tuple[StatementLine, ...]
    sales_fen: int
    refunds_fen: int
    payouts_fen: int
    returned_fen: int
    adjustments_fen: int
    closing_fen: int
    balance: Balance  # her balance at the end of the period: pending, available, in transit, paid


def artisan_statement(*, artisan: Artisan, date_from: datetime.date, date_to: datetime.date) -> Statement:
    """Her statement for the days date_from to date_to (inclusive, days in Qinghai): three queries."""
    zone = conf.business_zone()
    start = datetime.datetime.combine(date_from, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(date_to + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
    payable = Account.objects.filter(kind=Account.Kind.ARTISAN_PAYABLE, artisan=artisan).first()
    entries = JournalEntry.objects.filter(account=payable) if payable else JournalEntry.objects.none()
    opening = -(entries.filter(occurred_at__lt=start).aggregate(total=Sum("amount_fen"))["total"] or 0)
    rows = list(
        entries.filter(occurred_at__gte=start, occurred_at__lt=end)
        # A release moves a held share within her payable (its two entries net to zero): not a line.
        .exclude(transaction__kind=TxKind.RELEASE)
        .select_related(
            "transaction",
            "sale_split__product",
            "sale_split__location",
            "transaction__refund__sale__product",
            "transaction__refund__sale__location",
        )
        .order_by("occurred_at", "pk")
    )
    payout_keys = [row.transaction.reference for row in rows if row.transaction.kind != TxKind.SALE]
    methods = dict(
        Payout.objects.filter(idempotency_key__in=payout_keys).values_list("idempotency_key", "method")
    )
    sales = _sales(rows)
    lines = tuple(
        line
        for _own_time, line in sorted(
            (_line(row, zone, methods, sales) for row in rows), key=lambda timed: (timed[1].day, timed[0])
        )
    )
    totals = {kind: sum(line.share_fen for line in lines if line.kind == kind) for kind in TxKind.values}
    closing = opening + sum(line.share_fen for line in lines)
    return Statement(
        artisan=artisan,
        date_from=date_from,
        date_to=date_to,
        opening_fen=opening,
        lines=lines,
        sales_fen=totals[TxKind.SALE],
        refunds_fen=-totals[TxKind.REFUND],
        payouts_fen=-totals[TxKind.PAYOUT],
        returned_fen=totals[TxKind.PAYOUT_FAILED],
        adjustments_fen=totals[TxKind.ADJUSTMENT],
        closing_fen=closing,
        balance=artisan_balance(artisan=artisan, at=min(end, timezone.now())),
    )


def _sales(rows: list[JournalEntry]) -> dict[int, SaleSplit]:
    """Each sale entry's split, by entry id. A sale posted per batch and day names its split on her
    payable entry; one posted a transaction a line (before ledger migration 0007) does not, and its
    transaction's reference is the split's."""
    sales: dict[int, SaleSplit] = {}
    for row in rows:
        if row.sale_split is not None:
            sales[row.pk] = row.sale_split
    per_line = {
        row.transaction.reference: row.pk
        for row in rows
        if row.sale_split_id is None and row.transaction.kind == TxKind.SALE
    }
    if per_line:
        for split in SaleSplit.objects.filter(reference__in=list(per_line)).select_related(
            "product", "location"
        ):
            sales[per_line[split.reference]] = split
    return sales


def _line(
    entry: JournalEntry, zone, methods: dict[str, str], sales: dict[int, SaleSplit]
) -> tuple[datetime.datetime, StatementLine]:
    """The statement's line of one entry of her payable, with its own time (a sale's is its split's:
    the entry's is its batch's) to order the day's lines by."""
    tx = entry.transaction
    day = timezone.localtime(entry.occurred_at, zone).date()
    sale = (
        sales.get(entry.pk)
        if tx.kind == TxKind.SALE
        else tx.refund.sale
        if tx.kind == TxKind.REFUND
        else None
    )
    if sale is not None:
        refund = tx.refund if tx.kind == TxKind.REFUND else None
        return (sale.occurred_at if refund is None else refund.occurred_at), StatementLine(
            day=day,
            kind=tx.kind,
            kind_label=tx.get_kind_display(),
            place=_place(sale),
            product=sale.product.name,
            quantity=sale.quantity if refund is None else None,
            amount_fen=sale.paid_fen if refund is None else refund.refunded_fen,
            share_fen=-entry.amount_fen,
            reference=sale.reference if refund is None else refund.refund_reference,
        )
    method = methods.get(tx.reference)
    return entry.occurred_at, StatementLine(
        day=day,
        kind=tx.kind,
        kind_label=tx.get_kind_display(),
        place=str(PayoutMethod(method).label) if method else "",
        product="",
        quantity=None,
        amount_fen=abs(entry.amount_fen),
        share_fen=-entry.amount_fen,
        reference=tx.reference,
    )


def _place(sale) -> str:
    if sale.channel == Channel.CART:
        return sale.location.name if sale.location else _("零售车")
    if sale.location is not None:
        return _("网店（%(cart)s）") % {"cart": sale.location.name}
    return _("网店")


def statement_html(*, statement: Statement, for_pdf: bool = False) -> str:
    """The statement as a page of its own (also what the PDF is made from)."""
    return render_to_string("ledger/statement.html", {"statement": statement, "for_pdf": for_pdf})


def statement_pdf(*, statement: Statement) -> bytes:
    """The statement as a PDF, with Chinese text in Noto Sans CJK (fonts-noto-cjk)."""
    # Imported here: WeasyPrint loads pango through cffi, which the rest of the app need not pay for.
    from weasyprint import HTML

    return HTML(string=statement_html(statement=statement, for_pdf=True)).write_pdf()
