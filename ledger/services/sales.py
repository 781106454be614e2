"""Posting paid sale lines and their refunds: the split, by the agreement in force when it sold.

The ledger takes plain data (SaleLine), not orders: the order services build one per paid order line.
A batch of 10,000 lines is a handful of statements: the posted references, the agreements and
overrides of the batch's artisans and products, the accounts, then one COPY each for transactions,
splits and entries.

The journal is posted per batch and day, as a POS session's journal is (docs/ledger.md): each batch
gives one sale transaction for each day of sale in it (a day in Qinghai), at the latest sale time of
that day in the batch. Its entries (debit positive): the money in on each cart's takings (a cart
sale) or Stripe clearing (online, less Stripe's fee), summed per account; the operators' commissions
(to the programme fund when nobody is attributed) and the programme fund's rest, which also bears the
fee, summed per account; and each line's share credited to her payable, one entry a line naming its
split, available after the holding period counted from that sale's own time. The split (one a line,
at the sale's own time) is the sale for its refunds, release and statement line."""

import bisect
import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from artisans.models import Agreement
from catalog.models import Product
from core.bulk import rows_copy
from core.errors import NotFound, ValidationFailed
from core.money import allocate
from inventory.models import Location
from ledger import conf
from ledger.models import (
    Account,
    Channel,
    JournalTransaction,
    ProductAgreementOverride,
    RefundSplit,
    SaleRelease,
    SaleSplit,
)
from ledger.services.journal import (
    AccountKey,
    Journal,
    Posting,
    account_ids,
    journal_entries_write,
    journal_transactions_write,
    journal_write,
)

Kind = Account.Kind
CHANNELS = frozenset(Channel.values)
SPLIT_FIELDS = (
    "reference", "occurred_at", "available_at", "channel", "artisan_id", "product_id", "location_id",
    "operator_id", "quantity", "paid_fen", "fee_fen", "artisan_bp", "operator_bp", "programme_bp",
    "artisan_fen", "operator_fen", "programme_fen", "held",
)  # fmt: skip


# Not frozen: a frozen dataclass's __init__ costs ~4x a plain one's, and posting a million lines makes
# a million of them. Treat them as read-only all the same.
@dataclass(slots=True)
class SaleLine:
    """One paid sale line, as plain data.

    reference: unique per line, e.g. the order number and line id ("C-CHAKA-7F3A-000012/1").
    occurred_at: the time of sale (its day picks the agreement). paid_fen: what was paid for the
    line after discounts. fee_fen: Stripe's fee on it (online). location_id: the cart where it
    sold, or the cart an online sale is attributed to. operator_user_id: whose commission it is;
    None gives the commission to the programme fund (an unattributed online sale).
    """

    reference: str
    occurred_at: datetime.datetime
    artisan_id: int
    product_id: int
    paid_fen: int
    channel: str = Channel.CART
    location_id: int | None = None
    operator_user_id: int | None = None
    quantity: int = 1
    fee_fen: int = 0
    received_at: datetime.datetime | None = None
    held: bool = False


def sale_lines_post(*, lines: Sequence[SaleLine]) -> int:
    """Post the split of each line not posted before; returns how many were posted now.

    Idempotent per reference (a repeated line, in this batch or an earlier one, is skipped). Either
    the whole batch is posted or, on a domain error, none of it.

    The lines are taken to be new at first: a line posted before (by an earlier or a concurrent call)
    is refused by its split's unique reference (or its day's transaction key, made of a line's
    reference), the batch rolls back, and the second attempt reads which references are posted and
    skips them. Callers post lines they have not posted (the order services lock their unposted
    rows), so the first attempt is the one that goes in, without a lookup of every reference.
    """
    unique: dict[str, SaleLine] = {}
    for line in lines:
        _check(line)
        unique.setdefault(line.reference, line)
    if not unique:
        return 0
    for attempt in (1, 2):
        try:
            with transaction.atomic():
                return _post(list(unique.values()), skip_posted=attempt == 2)
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _post(lines: list[SaleLine], *, skip_posted: bool) -> int:
    if skip_posted:
        references = [line.reference for line in lines]
        posted = set(SaleSplit.objects.filter(reference__in=references).values_list("reference", flat=True))
        lines = [line for line in lines if line.reference not in posted]
    if not lines:
        return 0
    _check_exists(lines)
    zone = conf.business_zone()
    days = [line.occurred_at.astimezone(zone).date() for line in lines]  # aware: checked on the way in
    terms = _terms(lines, days)
    ids = account_ids(_account_keys(lines))
    # Each line's accounts by plain dict lookups (a million lines, four accounts each).
    owned = {(key.kind, key.owner_id): pk for key, pk in ids.items()}
    payable = {owner: pk for (kind, owner), pk in owned.items() if kind == Kind.ARTISAN_PAYABLE}
    commission = {owner: pk for (kind, owner), pk in owned.items() if kind == Kind.OPERATOR_COMMISSION}
    cart_cash = {owner: pk for (kind, owner), pk in owned.items() if kind == Kind.CART_CASH}
    clearing = owned.get((Kind.STRIPE_CLEARING, None))
    programme = owned[(Kind.PROGRAMME_FUND, None)]
    hold = conf.holding_period()
    conf.fees_borne_by()  # "programme", the only bearer so far: the fee comes off the fund's credit
    cart = Channel.CART
    # One journal transaction per day of sale in the batch (docs/ledger.md), by its index here: the
    # shared accounts' sums, her payable's entries (one a line), the latest time and first line.
    day_index: dict[datetime.date, int] = {}
    sums: list[dict[int, int]] = []
    shares: list[list[Posting]] = []
    latest, first, split_days, splits = [], [], [], []
    for index, (line, weights, day) in enumerate(zip(lines, terms, days, strict=True)):
        number = day_index.get(day)
        if number is None:
            number = day_index[day] = len(sums)
            sums.append({})
            shares.append([])
            latest.append(line.occurred_at)
            first.append(line)
        elif line.occurred_at > latest[number]:
            latest[number] = line.occurred_at
        paid, fee, artisan_id, totals = line.paid_fen, line.fee_fen, line.artisan_id, sums[number]
        artisan_fen, operator_fen, programme_fen = allocate(paid, weights)
        available_at = (line.received_at or line.occurred_at) + hold
        source = cart_cash[line.location_id] if line.channel == cart else clearing
        assert source is not None  # _account_keys asked for the clearing account of an online line
        totals[source] = totals.get(source, 0) + paid - fee
        programme_credit = programme_fen - fee
        if line.operator_user_id is None:
            programme_credit += operator_fen
        else:
            account = commission[line.operator_user_id]
            totals[account] = totals.get(account, 0) - operator_fen
        totals[programme] = totals.get(programme, 0) - programme_credit
        # Her share, one entry a line naming its split; no artisan on it (see JournalEntry.artisan).
        shares[number].append(
            Posting(payable[artisan_id], -artisan_fen, None, None if line.held else available_at, index)
        )
        split_days.append(number)
        splits.append(
            (
                line.reference, line.occurred_at, available_at, line.channel, artisan_id,
                line.product_id, line.location_id, line.operator_user_id, line.quantity, paid,
                fee, *weights, artisan_fen, operator_fen, programme_fen, line.held,
            )
        )  # fmt: skip
    journals = [
        Journal(
            JournalTransaction.Kind.SALE,
            # A line of it; the key cannot repeat: a line's split is written with its transaction.
            first[number].reference,
            "sales:" + first[number].reference,
            latest[number],
            (*(Posting(account, amount) for account, amount in sums[number].items()), *shares[number]),
            f"{first[number].occurred_at.astimezone(zone):%Y-%m-%d} ×{len(shares[number])}",
        )
        for number in range(len(sums))
    ]
    transaction_ids = journal_transactions_write(journals=journals)
    rows = [(transaction_ids[number], *row) for number, row in zip(split_days, splits, strict=True)]
    split_ids = rows_copy(SaleSplit, ("transaction_id", *SPLIT_FIELDS), rows, return_ids=True)
    journal_entries_write(transaction_ids=transaction_ids, journals=journals, split_ids=split_ids)
    return len(splits)


@transaction.atomic
def refund_post(
    *, reference: str, refunded_fen: int, occurred_at: datetime.datetime, refund_reference: str
) -> RefundSplit:
    """Reverse part (or all) of a posted sale line's split, in proportion to its parts.

    The refund is allocated by what is left of each original part, so repeated partial refunds never
    take back more than a party got and a full refund returns exactly the original split, whatever
    the agreements say today. Idempotent per refund_reference.
    """
    if not _is_int(refunded_fen) or refunded_fen <= 0:
        raise ValidationFailed(_("退款金额必须是正整数（分）。"), field="refundedFen")
    _check_time(occurred_at)
    sale = (
        SaleSplit.objects.select_for_update(of=("self",))
        .select_related("transaction")
        .filter(reference=reference)
        .first()
    )
    if sale is None:
        raise NotFound(_("找不到这笔销售的分账记录。"), field="reference", params={"reference": reference})
    # Read after the lock, so a concurrent post of the same refund is seen here.
    existing = RefundSplit.objects.filter(refund_reference=refund_reference).select_related("sale").first()
    if existing is not None:
        if existing.sale_id != sale.pk or existing.refunded_fen != refunded_fen:
            raise ValidationFailed(
                _("退款编号已用于另一笔退款。"), field="refundReference", code="DUPLICATE_REFERENCE"
            )
        return existing
    if occurred_at < sale.occurred_at:
        raise ValidationFailed(_("退款时间不能早于销售时间。"), field="occurredAt")
    done = sale.refunds.aggregate(a=Sum("artisan_fen"), o=Sum("operator_fen"), p=Sum("programme_fen"))
    remaining = [part - (done[key] or 0) for part, key in zip(sale.parts_fen, "aop", strict=True)]
    if refunded_fen > sum(remaining):
        raise ValidationFailed(
            _("退款金额超过了这笔销售尚未退款的金额（%(left)s 分）。") % {"left": sum(remaining)},
            field="refundedFen",
            code="REFUND_EXCEEDS_SALE",
        )
    artisan_fen, operator_fen, programme_fen = allocate(refunded_fen, remaining)
    payable = AccountKey(Kind.ARTISAN_PAYABLE, sale.artisan_id)
    source = _source_key(sale.channel, sale.location_id)
    programme = AccountKey(Kind.PROGRAMME_FUND)
    operator = None if sale.operator_id is None else AccountKey(Kind.OPERATOR_COMMISSION, sale.operator_id)
    ids = account_ids([payable, source, programme, *([operator] if operator else [])])
    postings = [
        Posting(ids[source], -refunded_fen),
        # Refunded before her share became available, it leaves the pending part, not the available;
        # refunded while held for review, it leaves the held part.
        Posting(ids[payable], artisan_fen, None, _refund_available_at(sale, occurred_at)),
    ]
    programme_debit = programme_fen
    if operator is None:
        programme_debit += operator_fen
    else:
        postings.append(Posting(ids[operator], operator_fen))
    postings.append(Posting(ids[programme], programme_debit))
    [transaction_id] = journal_write(
        journals=[
            Journal(
                kind=JournalTransaction.Kind.REFUND,
                reference=refund_reference,
                idempotency_key=f"refund:{refund_reference}",
                # Never before the sale's own transaction (its batch's, at the latest sale of its day
                # in the batch): a moment in the books never sees a refund without its sale. The same
                # day; the refund's own time is the RefundSplit's.
                occurred_at=max(occurred_at, sale.transaction.occurred_at),
                postings=tuple(postings),
                memo=sale.reference,
            )
        ]
    )
    return RefundSplit.objects.create(
        transaction_id=transaction_id,
        sale=sale,
        refund_reference=refund_reference,
        occurred_at=occurred_at,
        refunded_fen=refunded_fen,
        artisan_fen=artisan_fen,
        operator_fen=operator_fen,
        programme_fen=programme_fen,
    )


def _refund_available_at(sale: SaleSplit, occurred_at: datetime.datetime) -> datetime.datetime | None:
    if sale.held and not SaleRelease.objects.filter(sale=sale).exists():
        return None
    return max(occurred_at, sale.available_at)


def _source_key(channel: str, location_id: int | None) -> AccountKey:
    if channel == Channel.CART:
        return AccountKey(Kind.CART_CASH, location_id)
    return AccountKey(Kind.STRIPE_CLEARING)


def _account_keys(lines: list[SaleLine]) -> set[AccountKey]:
    keys = {AccountKey(Kind.PROGRAMME_FUND)}
    for line in lines:
        keys.add(AccountKey(Kind.ARTISAN_PAYABLE, line.artisan_id))
        keys.add(_source_key(line.channel, line.location_id))
        if line.operator_user_id is not None:
            keys.add(AccountKey(Kind.OPERATOR_COMMISSION, line.operator_user_id))
    return keys


def _terms(lines: list[SaleLine], days: list[datetime.date]) -> list[tuple[int, int, int]]:
    """The weights (artisan, operator, programme) each line splits by: the product's override in
    force on its day of sale (days, in Qinghai), else the artisan's agreement in force that day."""
    last = max(days)
    agreements: dict[int, list] = {}
    for artisan_id, valid_from, *weights in (
        Agreement.objects.filter(artisan_id__in={line.artisan_id for line in lines}, valid_from__lte=last)
        .order_by("artisan_id", "valid_from")
        .values_list("artisan_id", "valid_from", "artisan_bp", "operator_bp", "programme_bp")
    ):
        agreements.setdefault(artisan_id, []).append((valid_from, None, tuple(weights)))
    overrides: dict[int, list] = {}
    for product_id, valid_from, valid_until, *weights in (
        ProductAgreementOverride.objects.filter(
            product_id__in={line.product_id for line in lines}, valid_from__lte=last
        )
        .order_by("product_id", "valid_from")
        .values_list("product_id", "valid_from", "valid_until", "artisan_bp", "operator_bp", "programme_bp")
    ):
        overrides.setdefault(product_id, []).append((valid_from, valid_until, tuple(weights)))
    terms: list[tuple[int, int, int]] = []
    missing: list[str] = []
    for line, day in zip(lines, days, strict=True):
        in_force = _in_force(overrides.get(line.product_id), day) or _in_force(
            agreements.get(line.artisan_id), day
        )
        if in_force is None:
            missing.append(line.reference)
        else:
            terms.append(in_force)
    if missing:
        raise ValidationFailed(
            _("销售时手工艺人没有生效的寄售协议，无法分账。"),
            field="lines",
            code="NO_AGREEMENT",
            params={"references": missing},
        )
    return terms


def _in_force(periods: list | None, day: datetime.date) -> tuple[int, int, int] | None:
    """The latest period (sorted by start) that started on or before day, unless it has ended."""
    if not periods:
        return None
    index = bisect.bisect_right([start for start, _, _ in periods], day) - 1
    if index < 0:
        return None
    _start, until, weights = periods[index]
    return None if until is not None and until < day else weights


def _check_exists(lines: list[SaleLine]) -> None:
    """Foreign keys are checked at commit on PostgreSQL: say which id is wrong before that."""
    for model, ids, field in (
        (Product, {line.product_id for line in lines}, "productId"),
        (Location, {line.location_id for line in lines} - {None}, "locationId"),
        (User, {line.operator_user_id for line in lines} - {None}, "operatorUserId"),
    ):
        unknown = (
            ids - set(model.objects.filter(pk__in=ids).order_by().values_list("pk", flat=True))
            if ids
            else set()
        )
        if unknown:
            raise NotFound(field=field, params={"ids": sorted(unknown)})


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_time(value) -> None:
    if not isinstance(value, datetime.datetime) or timezone.is_naive(value):
        raise ValidationFailed(_("时间必须带时区。"), field="occurredAt")


def _check(line: SaleLine) -> None:
    def refuse(message, field):
        raise ValidationFailed(message, field=field, params={"reference": line.reference})

    if not isinstance(line.reference, str) or not line.reference or len(line.reference) > 120:
        refuse(_("每行销售都需要一个不超过 120 个字符的编号。"), "reference")
    _check_time(line.occurred_at)
    if not _is_int(line.paid_fen) or line.paid_fen < 0:
        refuse(_("实收金额必须是非负整数（分）。"), "paidFen")
    if not _is_int(line.fee_fen) or not 0 <= line.fee_fen <= line.paid_fen:
        refuse(_("手续费必须是不超过实收金额的非负整数（分）。"), "feeFen")
    if not _is_int(line.quantity) or line.quantity < 1:
        refuse(_("数量必须是正整数。"), "quantity")
    if line.channel not in CHANNELS:
        refuse(_("渠道只能是零售车或网店。"), "channel")
    if line.channel == Channel.CART and line.location_id is None:
        refuse(_("零售车销售必须注明零售车库位。"), "locationId")
    if line.received_at is not None:
        _check_time(line.received_at)
