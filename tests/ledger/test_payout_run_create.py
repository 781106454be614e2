import datetime
import threading

import pytest
from django.db import connection

from core.errors import ValidationFailed
from ledger.models import JournalTransaction, Payout, PayoutMethod, PayoutProfile, PayoutRun
from ledger.selectors import artisan_balance
from ledger.services import SaleLine, payout_run_create, refund_post, sale_lines_post
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

    with django_assert_max_num_queries(16):
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
