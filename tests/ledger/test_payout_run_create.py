import datetime
import threading

import pytest
from django.db import connection

from core.errors import ValidationFailed
from ledger.models import JournalTransaction, Payout, PayoutMethod, PayoutProfile, PayoutRun
from ledger.selectors import artisan_balance
from ledger.services import (
    SaleLine,
    payout_confirm,
    payout_profile_save,
    payout_run_approve,
    payout_run_create,
    refund_post,
    sale_lines_post,
)
from tests import factories
from tests.ledger.support import at, postings

RUN_DAY = datetime.date(2026, 3, 16)


def test_a_run_pays_each_artisan_whose_available_balance_reaches_the_minimum(
    chimeg, xiulan, purse, staff_user, cart_sale
):
    sale_lines_post(
        lines=[
            cart_sale("C/1", 16800, at(3, 1)),  # hers: 11760, available from 8 March
            cart_sale("C/2", 10000, at(3, 14)),  # hers: 7000, still pending on the 16th
            cart_sale("C/3", 15000, at(3, 1), artisan_id=xiulan.pk, product_id=purse.pk),  # 9000 < 10000
        ]
    )

    run = payout_run_create(run_date=RUN_DAY, actor=staff_user, at=at(3, 16, 2))

    payout = Payout.objects.get()
    assert (payout.run, payout.artisan, payout.amount_fen) == (run, chimeg, 11760)
    assert (payout.method, payout.status, payout.payee_name) == ("cash", "pending", "其木格")
    # Under the threshold, in cash: nothing waits for a second staff member.
    assert (run.total_fen, run.approval_threshold_fen) == (11760, 5_000_000)
    assert run.approval_status == "not_required"
    assert (payout.approval_status, payout.new_payee, payout.approval_reasons) == ("not_required", False, [])
    assert payout.idempotency_key == f"payout-20260316-{chimeg.pk}"
    assert postings(f"payout:{payout.idempotency_key}") == {
        f"artisan_payable:{chimeg.pk}": 11760,
        "payouts_in_transit": -11760,
    }
    assert artisan_balance(artisan=chimeg, at=at(3, 16, 3)).available_fen == 0
    assert artisan_balance(artisan=xiulan, at=at(3, 16, 3)).available_fen == 9000


def test_a_run_started_twice_pays_once(chimeg, staff_user, cart_sale):
    sale_lines_post(lines=[cart_sale("C/4", 20000, at(3, 1))])

    first = payout_run_create(run_date=RUN_DAY, actor=staff_user, at=at(3, 16, 2))
    sale_lines_post(lines=[cart_sale("C/5", 20000, at(3, 2))])
    second = payout_run_create(run_date=RUN_DAY, actor=staff_user, at=at(3, 16, 3))

    assert second.pk == first.pk
    assert list(Payout.objects.values_list("amount_fen", flat=True)) == [14000]
    assert JournalTransaction.objects.filter(kind="payout").count() == 1


def test_the_payee_and_method_come_from_her_payout_profile(chimeg, xiulan, purse, staff_user, cart_sale):
    PayoutProfile.objects.create(
        artisan=chimeg, method=PayoutMethod.BANK, account_name="其木格", bank_name="青海银行乌兰支行",
        account_number="6214 0000 1111 2222",
    )  # fmt: skip
    PayoutProfile.objects.create(artisan=xiulan, method=PayoutMethod.STRIPE, stripe_account_id="acct_xiulan")
    sale_lines_post(
        lines=[
            cart_sale("C/6", 20000, at(3, 1)),
            cart_sale("C/7", 20000, at(3, 1), artisan_id=xiulan.pk, product_id=purse.pk),
        ]
    )

    payout_run_create(run_date=RUN_DAY, actor=staff_user, at=at(3, 16, 2))

    bank = Payout.objects.get(artisan=chimeg)
    stripe = Payout.objects.get(artisan=xiulan)
    assert (bank.method, bank.bank_name, bank.account_number) == (
        "bank",
        "青海银行乌兰支行",
        "6214 0000 1111 2222",
    )
    assert (stripe.method, stripe.stripe_account_id, stripe.bank_name) == ("stripe", "acct_xiulan", "")


def test_a_refund_after_a_payout_is_taken_from_her_next_balance(chimeg, staff_user, cart_sale):
    sale_lines_post(lines=[cart_sale("C/8", 20000, at(3, 1))])
    payout_run_create(run_date=RUN_DAY, actor=staff_user, at=at(3, 16, 2))
    refund_post(reference="C/8", refunded_fen=20000, occurred_at=at(3, 17), refund_reference="R/1")
    sale_lines_post(lines=[cart_sale("C/9", 20000, at(3, 18))])

    payout_run_create(run_date=datetime.date(2026, 3, 30), actor=staff_user, at=at(3, 30))

    # 14000 back for the refund, 14000 from the new sale: nothing is due, nothing is paid.
    assert artisan_balance(artisan=chimeg, at=at(3, 30)).available_fen == 0
    assert Payout.objects.count() == 1


def test_a_run_is_a_handful_of_statements_however_many_are_paid(
    staff_user, cart, django_assert_max_num_queries
):
    lines = []
    for n in range(40):
        artisan = factories.ArtisanFactory()
        factories.AgreementFactory(artisan=artisan)
        product = factories.ProductFactory()
        lines.append(
            SaleLine(
                reference=f"C/{n}", occurred_at=at(3, 1), artisan_id=artisan.pk, product_id=product.pk,
                paid_fen=20000, location_id=cart.pk,
            )
        )  # fmt: skip
    sale_lines_post(lines=lines)

    # (the journal's two COPYs included: Django's cursor logs them)
    with django_assert_max_num_queries(18):
        payout_run_create(run_date=RUN_DAY, actor=staff_user, at=at(3, 16))

    assert Payout.objects.count() == 40


def test_a_minimum_below_one_fen_is_refused(staff_user):
    with pytest.raises(ValidationFailed):
        payout_run_create(run_date=RUN_DAY, actor=staff_user, minimum_fen=0)

    assert PayoutRun.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_runs_started_at_once_pay_each_balance_once(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    artisan = factories.ArtisanFactory()
    factories.AgreementFactory(artisan=artisan)
    cart = factories.LocationFactory(kind="cart")

    sale_lines_post(
        lines=[
            SaleLine(reference="C/1", occurred_at=at(3, 1), artisan_id=artisan.pk,
                     product_id=factories.ProductFactory().pk, paid_fen=20000, location_id=cart.pk)
        ]
    )  # fmt: skip
    days = [RUN_DAY, RUN_DAY, RUN_DAY + datetime.timedelta(days=1), RUN_DAY + datetime.timedelta(days=2)]
    barrier = threading.Barrier(len(days))
    errors = []

    def start(day):
        try:
            barrier.wait()
            payout_run_create(run_date=day, actor=None, at=at(3, 16))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=start, args=(day,)) for day in days]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert PayoutRun.objects.count() == 3
    assert list(Payout.objects.values_list("amount_fen", flat=True)) == [14000]


def _bank(artisan, number: str, actor=None):
    payout_profile_save(
        artisan=artisan, method=PayoutMethod.BANK, account_name=artisan.name_zh, bank_name="青海银行",
        account_number=number, actor=actor,
    )  # fmt: skip


def test_a_first_payout_to_a_bank_account_waits_for_approval_even_under_the_threshold(
    chimeg, xiulan, purse, staff_user, cart_sale
):
    _bank(chimeg, "6214 0000 1111 2222", actor=staff_user)
    sale_lines_post(
        lines=[
            cart_sale("C/10", 20000, at(3, 1)),
            cart_sale("C/11", 20000, at(3, 1), artisan_id=xiulan.pk, product_id=purse.pk),
        ]
    )

    run = payout_run_create(run_date=RUN_DAY, actor=staff_user, at=at(3, 16))

    assert (run.total_fen, run.approval_status) == (26000, "awaiting_approval")
    bank, cash = Payout.objects.get(artisan=chimeg), Payout.objects.get(artisan=xiulan)
    assert (bank.approval_status, bank.new_payee, bank.approval_reasons) == (
        "awaiting_approval",
        True,
        ["new_payee"],
    )
    assert (cash.approval_status, cash.new_payee) == ("not_required", False)


def test_a_payout_to_the_account_she_was_last_paid_to_goes_without_approval_until_it_changes(
    chimeg, staff_user, reviewer, cart_sale
):
    _bank(chimeg, "6214 0000 1111 2222", actor=staff_user)
    sale_lines_post(lines=[cart_sale("C/12", 20000, at(3, 1))])
    first = payout_run_create(run_date=RUN_DAY, actor=staff_user, at=at(3, 16))
    payout_run_approve(run=first, actor=reviewer)
    payout_confirm(payout=first.payouts.get(), actor=staff_user, paid_at=at(3, 17))

    _bank(chimeg, "6214-0000-1111-2222", actor=staff_user)  # typed differently, the same account
    sale_lines_post(lines=[cart_sale("C/13", 20000, at(3, 10))])
    second = payout_run_create(run_date=datetime.date(2026, 3, 23), actor=staff_user, at=at(3, 23))
    payout_confirm(payout=second.payouts.get(), actor=staff_user, paid_at=at(3, 24))

    _bank(chimeg, "6214 9999 8888 7777", actor=staff_user)  # a new account since her last paid payout
    sale_lines_post(lines=[cart_sale("C/14", 20000, at(3, 20))])
    third = payout_run_create(run_date=datetime.date(2026, 3, 30), actor=staff_user, at=at(3, 30))

    assert (second.approval_status, second.payouts.get().status) == ("not_required", "paid")
    assert (third.approval_status, third.payouts.get().new_payee) == ("awaiting_approval", True)


def test_a_run_over_the_threshold_holds_every_payout_in_it(
    settings, chimeg, xiulan, purse, staff_user, cart_sale
):
    settings.LEDGER_PAYOUT_APPROVAL_THRESHOLD_FEN = 25_999
    sale_lines_post(
        lines=[
            cart_sale("C/15", 20000, at(3, 1)),
            cart_sale("C/16", 20000, at(3, 1), artisan_id=xiulan.pk, product_id=purse.pk),
        ]
    )

    run = payout_run_create(run_date=RUN_DAY, actor=staff_user, at=at(3, 16))

    assert (run.total_fen, run.approval_threshold_fen, run.approval_status) == (
        26000,
        25_999,
        "awaiting_approval",
    )
    assert [(p.approval_status, p.approval_reasons) for p in Payout.objects.select_related("run")] == [
        ("awaiting_approval", ["run_total"]),
        ("awaiting_approval", ["run_total"]),
    ]


def test_a_run_exactly_at_the_threshold_needs_no_approval(settings, chimeg, staff_user, cart_sale):
    settings.LEDGER_PAYOUT_APPROVAL_THRESHOLD_FEN = 14000
    sale_lines_post(lines=[cart_sale("C/17", 20000, at(3, 1))])

    run = payout_run_create(run_date=RUN_DAY, actor=staff_user, at=at(3, 16))

    assert (run.total_fen, run.approval_status) == (14000, "not_required")
