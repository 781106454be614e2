"""The books posted per batch and day give, to the fen, what each line gives on its own: her balance
and what is available by the holding period, a payout run, each cart's takings, each operator's
commission and every other account per day; and the trial balance is zero at every moment.

The world: two artisans, two carts with their operators, 400 lines over ten days in March (cart sales,
online sales attributed to a cart or not, with a fee), some late at night, posted in batches that mix
days and come out of order (a tablet that was offline), one batch repeating part of an earlier one.
The expectations are worked out line by line with core.money.allocate, as a one-transaction-a-line
journal would have them.
"""

import datetime
import random
from collections import defaultdict

import pytest
from django.db.models import Sum

from core.money import allocate
from ledger.models import Account, Channel, JournalEntry, Payout
from ledger.selectors import artisan_balance, ledger_trial_balance
from ledger.services import SaleLine, payout_run_create, sale_lines_post
from tests import factories
from tests.ledger.support import QINGHAI, unbalanced_transactions

Kind = Account.Kind
HOLD = datetime.timedelta(days=7)
MARCH = [datetime.date(2026, 3, day) for day in range(1, 11)]


def day_start(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=QINGHAI)


@pytest.fixture
def world(chimeg, xiulan, robe, purse, cart, operator):
    other_cart = factories.LocationFactory(code="cart-feicui", kind="cart", name_zh="翡翠湖零售车")
    other_operator = factories.UserFactory(username="op-sarula")
    rng = random.Random(14)
    makers = [(chimeg.pk, robe.pk, (7000, 1000, 2000)), (xiulan.pk, purse.pk, (6000, 1500, 2500))]
    carts = [(cart.pk, operator.pk), (other_cart.pk, other_operator.pk)]
    lines, weights = [], {}
    for n in range(400):
        artisan_id, product_id, terms = rng.choice(makers)
        location_id, operator_id = rng.choice(carts)
        # Any second of the ten days, and a tenth of them in the last minutes before midnight.
        day = rng.choice(MARCH)
        seconds = rng.randrange(86_340, 86_400) if n % 10 == 0 else rng.randrange(86_400)
        paid = rng.randrange(0, 50_000)
        kind = rng.random()
        online = kind >= 0.6
        attributed = kind < 0.8
        lines.append(
            SaleLine(
                reference=f"L/{n}",
                occurred_at=day_start(day) + datetime.timedelta(seconds=seconds),
                artisan_id=artisan_id,
                product_id=product_id,
                paid_fen=paid,
                channel=Channel.ONLINE if online else Channel.CART,
                location_id=location_id if attributed else None,
                operator_user_id=operator_id if attributed else None,
                fee_fen=paid * 3 // 100 if online else 0,
            )
        )
        weights[f"L/{n}"] = terms
    order = lines[:]
    rng.shuffle(order)
    batches = [order[start : start + 70] for start in range(0, 400, 70)]
    batches.insert(3, batches[1][30:] + batches[3][:10])  # repeats part of batch 1 and of what comes next
    posted = sum(sale_lines_post(lines=batch) for batch in batches)
    assert posted == 400
    return {"lines": lines, "weights": weights, "carts": carts}


def expected(world):
    """Per line, as each line posted alone would book it: {figure: amount}."""
    shares, accounts = [], defaultdict(int)
    for line in world["lines"]:
        artisan_fen, operator_fen, programme_fen = allocate(line.paid_fen, world["weights"][line.reference])
        day = line.occurred_at.astimezone(QINGHAI).date()
        shares.append((line.artisan_id, line.occurred_at, artisan_fen))
        if line.channel == Channel.CART:
            accounts[("cart_cash", line.location_id, day)] += line.paid_fen
        else:
            accounts[("stripe_clearing", None, day)] += line.paid_fen - line.fee_fen
        if line.operator_user_id is None:
            accounts[("programme_fund", None, day)] -= operator_fen
        else:
            accounts[("operator_commission", line.operator_user_id, day)] -= operator_fen
        accounts[("programme_fund", None, day)] -= programme_fen - line.fee_fen
        accounts[("artisan_payable", line.artisan_id, day)] -= artisan_fen
    return shares, {key: amount for key, amount in accounts.items() if amount}


def booked_per_day():
    """{(kind, owner, day in Qinghai): sum} of the journal, read by time as the reports read it."""
    out = {}
    for account in Account.objects.all():
        owner = account.artisan_id or account.operator_id or account.location_id
        for day in MARCH:
            total = JournalEntry.objects.filter(
                account=account,
                occurred_at__gte=day_start(day),
                occurred_at__lt=day_start(day + datetime.timedelta(days=1)),
            ).aggregate(total=Sum("amount_fen"))["total"]
            if total:
                out[(account.kind, owner, day)] = total
    return out


def test_every_account_per_day_is_what_the_lines_give(world):
    _, accounts = expected(world)

    assert booked_per_day() == accounts
    assert unbalanced_transactions() == []


def test_her_balance_and_what_is_available_by_the_holding_period_are_the_lines(world, chimeg, xiulan):
    shares, _ = expected(world)

    for artisan in (chimeg, xiulan):
        for day in [*MARCH, datetime.date(2026, 3, 14), datetime.date(2026, 3, 20)]:
            moment = day_start(day + datetime.timedelta(days=1))  # the end of the day
            mine = [
                (sold, fen) for artisan_id, sold, fen in shares if artisan_id == artisan.pk and sold < moment
            ]
            balance = artisan_balance(artisan=artisan, at=moment)
            assert balance.available_fen == sum(fen for sold, fen in mine if sold + HOLD <= moment)
            assert balance.pending_fen == sum(fen for sold, fen in mine if sold + HOLD > moment)


def test_a_payout_run_pays_what_the_lines_made_available(world, chimeg, xiulan, staff_user):
    shares, _ = expected(world)
    moment = day_start(datetime.date(2026, 3, 14))

    run = payout_run_create(run_date=datetime.date(2026, 3, 14), actor=staff_user, minimum_fen=1, at=moment)

    assert dict(Payout.objects.filter(run=run).values_list("artisan_id", "amount_fen")) == {
        artisan.pk: sum(
            fen for artisan_id, sold, fen in shares if artisan_id == artisan.pk and sold + HOLD <= moment
        )
        for artisan in (chimeg, xiulan)
    }


def test_the_trial_balance_is_zero_at_every_moment(world):
    moments = set(JournalEntry.objects.values_list("occurred_at", flat=True).distinct())
    tick = datetime.timedelta(microseconds=1)
    for moment in sorted(moments):
        assert ledger_trial_balance(at=moment - tick).total_fen == 0
        assert ledger_trial_balance(at=moment).total_fen == 0
    assert ledger_trial_balance().total_fen == 0
