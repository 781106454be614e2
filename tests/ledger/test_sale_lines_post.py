import dataclasses
import datetime
import threading

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from artisans.models import Agreement
from core.errors import NotFound, ValidationFailed
from ledger.models import Channel, JournalEntry, ProductAgreementOverride, SaleSplit
from ledger.services import SaleLine, sale_lines_post
from tests import factories
from tests.ledger.support import QINGHAI, at, journal_size, sale_postings, unbalanced_transactions


def test_a_cart_sale_is_split_by_her_agreement(chimeg, cart, operator, cart_sale):
    posted = sale_lines_post(lines=[cart_sale("C-CHAKA-0001/1", 16800, at(3, 1))])

    assert posted == 1
    assert sale_postings("C-CHAKA-0001/1") == {
        f"cart_cash:{cart.pk}": 16800,
        f"artisan_payable:{chimeg.pk}": -11760,
        f"operator_commission:{operator.pk}": -1680,
        "programme_fund": -3360,
    }
    split = SaleSplit.objects.get(reference="C-CHAKA-0001/1")
    assert (split.artisan_fen, split.operator_fen, split.programme_fen) == (11760, 1680, 3360)
    assert (split.artisan_bp, split.operator_bp, split.programme_bp) == (7000, 1000, 2000)
    payable = JournalEntry.objects.get(sale_split__reference="C-CHAKA-0001/1", amount_fen=-11760)
    assert payable.available_at == at(3, 8)


def test_an_unattributed_online_sale_gives_the_commission_to_the_programme_which_bears_the_fee(
    chimeg, cart_sale
):
    line = cart_sale(
        "W-0001/1",
        10001,
        at(3, 1),
        channel=Channel.ONLINE,
        location_id=None,
        operator_user_id=None,
        fee_fen=320,
    )

    sale_lines_post(lines=[line])

    # allocate(10001, 70/10/20) = 7001 / 1000 / 2000; the operator's 1000 and the fee go to the fund.
    assert sale_postings("W-0001/1") == {
        "stripe_clearing": 9681,
        f"artisan_payable:{chimeg.pk}": -7001,
        "programme_fund": -2680,
    }


def test_an_online_sale_attributed_to_a_cart_pays_its_operator(chimeg, cart, operator, cart_sale):
    sale_lines_post(lines=[cart_sale("W-0002/1", 20000, at(3, 1), channel=Channel.ONLINE)])

    assert sale_postings("W-0002/1") == {
        "stripe_clearing": 20000,
        f"artisan_payable:{chimeg.pk}": -14000,
        f"operator_commission:{operator.pk}": -2000,
        "programme_fund": -4000,
    }


def test_a_line_posted_twice_or_repeated_in_a_batch_is_posted_once(cart_sale):
    line = cart_sale("C-CHAKA-0002/1", 5000, at(3, 2))

    assert sale_lines_post(lines=[line, line]) == 1
    assert sale_lines_post(lines=[line, cart_sale("C-CHAKA-0002/2", 800, at(3, 2))]) == 1

    assert SaleSplit.objects.count() == 2
    assert journal_size() == (2, 8)


def test_the_agreement_in_force_on_the_day_of_sale_in_qinghai_splits_it(chimeg, cart_sale):
    Agreement.objects.create(
        artisan=chimeg,
        valid_from=datetime.date(2026, 6, 1),
        artisan_bp=6000,
        operator_bp=1000,
        programme_bp=3000,
    )
    before = datetime.datetime(2026, 5, 31, 23, 30, tzinfo=QINGHAI)  # 15:30 UTC on 31 May
    after = datetime.datetime(2026, 6, 1, 0, 30, tzinfo=QINGHAI)  # still 31 May in UTC

    sale_lines_post(lines=[cart_sale("C/1", 10000, before), cart_sale("C/2", 10000, after)])

    assert SaleSplit.objects.get(reference="C/1").artisan_fen == 7000
    assert SaleSplit.objects.get(reference="C/2").artisan_fen == 6000


def test_a_product_override_in_force_wins_over_her_agreement(robe, cart_sale):
    ProductAgreementOverride.objects.create(
        product=robe,
        valid_from=datetime.date(2026, 4, 1),
        valid_until=datetime.date(2026, 4, 30),
        artisan_bp=8000,
        operator_bp=500,
        programme_bp=1500,
    )

    sale_lines_post(
        lines=[
            cart_sale("C/3", 10000, at(3, 31)),
            cart_sale("C/4", 10000, at(4, 15)),
            cart_sale("C/5", 10000, at(5, 1)),
        ]
    )

    shares = dict(SaleSplit.objects.values_list("reference", "artisan_fen"))
    assert shares == {"C/3": 7000, "C/4": 8000, "C/5": 7000}


def test_a_sale_without_an_agreement_in_force_posts_nothing(cart_sale):
    with pytest.raises(ValidationFailed) as refused:
        sale_lines_post(
            lines=[
                cart_sale("C/6", 10000, at(3, 1)),
                cart_sale("C/7", 10000, at(1, 1, 0) - datetime.timedelta(hours=1)),
            ]
        )

    assert refused.value.code == "NO_AGREEMENT"
    assert refused.value.params == {"references": ["C/7"]}
    assert journal_size() == (0, 0)
    assert SaleSplit.objects.count() == 0


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"paid_fen": -1}, "paidFen"),
        ({"fee_fen": 10001}, "feeFen"),
        ({"quantity": 0}, "quantity"),
        ({"channel": "phone"}, "channel"),
        ({"location_id": None}, "locationId"),
        ({"occurred_at": datetime.datetime(2026, 3, 1, 12)}, "occurredAt"),
        ({"reference": ""}, "reference"),
    ],
)
def test_a_malformed_line_posts_nothing(cart_sale, changes, field):
    good = cart_sale("C/8", 10000, at(3, 1))
    bad = dataclasses.replace(cart_sale("C/9", 10000, at(3, 1)), **changes)

    with pytest.raises(ValidationFailed) as refused:
        sale_lines_post(lines=[good, bad])

    assert refused.value.field == field
    assert journal_size() == (0, 0)


def test_an_unknown_product_is_named_before_anything_is_written(cart_sale):
    with pytest.raises(NotFound) as refused:
        sale_lines_post(lines=[cart_sale("C/10", 10000, at(3, 1), product_id=987654)])

    assert refused.value.field == "productId"
    assert journal_size() == (0, 0)


def test_a_large_batch_is_a_handful_of_statements(
    chimeg, xiulan, robe, purse, cart, cart_sale, django_assert_max_num_queries
):
    lines = [
        cart_sale(
            f"C-BULK/{n}",
            1000 + n,
            at(3, 1 + n % 20),
            **({"artisan_id": xiulan.pk, "product_id": purse.pk} if n % 3 else {}),
        )
        for n in range(1500)
    ]

    with django_assert_max_num_queries(15):
        assert sale_lines_post(lines=lines) == 1500

    assert unbalanced_transactions() == []
    # Per day (20 of them): one transaction with the cart's takings, the commission and the fund
    # summed, and her payable's entry for each line.
    assert journal_size() == (20, 20 * 3 + 1500)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    operator_bp=st.integers(0, 10_000),
    programme_bp=st.integers(0, 10_000),
    paid_fen=st.integers(0, 5_000_000),
    fee_share=st.integers(0, 100),
    attributed=st.booleans(),
    online=st.booleans(),
)
def test_a_split_always_sums_exactly_and_never_gives_anyone_a_negative_share(
    robe, operator, cart_sale, operator_bp, programme_bp, paid_fen, fee_share, attributed, online
):
    programme_bp = min(programme_bp, 10_000 - operator_bp)
    artisan_bp = 10_000 - operator_bp - programme_bp
    fee_fen = paid_fen * fee_share // 1000 if online else 0
    with transaction.atomic():
        ProductAgreementOverride.objects.create(
            product=robe, valid_from=datetime.date(2026, 1, 1), artisan_bp=artisan_bp,
            operator_bp=operator_bp, programme_bp=programme_bp,
        )  # fmt: skip
        line = cart_sale(
            "P/1",
            paid_fen,
            at(3, 1),
            channel=Channel.ONLINE if online else Channel.CART,
            fee_fen=fee_fen,
            operator_user_id=operator.pk if attributed else None,
        )

        sale_lines_post(lines=[line])

        split = SaleSplit.objects.get(reference="P/1")
        assert split.artisan_fen + split.operator_fen + split.programme_fen == paid_fen
        assert min(split.artisan_fen, split.operator_fen, split.programme_fen) >= 0
        for part, weight in zip(split.parts_fen, (artisan_bp, operator_bp, programme_bp), strict=True):
            assert abs(part * 10_000 - paid_fen * weight) < 10_000  # within one fen of the exact share
        entries = sale_postings("P/1")
        assert sum(entries.values()) == 0
        assert -entries.get(f"artisan_payable:{split.artisan_id}", 0) == split.artisan_fen
        if attributed:
            assert -entries.get(f"operator_commission:{split.operator_id}", 0) == split.operator_fen
        transaction.set_rollback(True)


def test_other_artisans_lines_in_a_batch_use_their_own_agreements(chimeg, xiulan, purse, cart_sale):
    sale_lines_post(
        lines=[
            cart_sale("C/11", 10000, at(3, 1)),
            cart_sale("C/12", 10000, at(3, 1), artisan_id=xiulan.pk, product_id=purse.pk),
        ]
    )

    assert dict(SaleSplit.objects.values_list("reference", "artisan_fen")) == {"C/11": 7000, "C/12": 6000}


@pytest.mark.django_db(transaction=True)
def test_the_same_lines_posted_at_once_from_two_places_are_posted_once(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    artisan = factories.ArtisanFactory()
    factories.AgreementFactory(artisan=artisan)
    product, cart = factories.ProductFactory(), factories.LocationFactory(kind="cart")
    lines = [
        SaleLine(reference=f"C/{n}", occurred_at=at(3, 1), artisan_id=artisan.pk, product_id=product.pk,
                 paid_fen=1000 + n, location_id=cart.pk)
        for n in range(300)
    ]  # fmt: skip
    barrier = threading.Barrier(2)
    posted, errors = [], []

    def post():
        try:
            barrier.wait()
            posted.append(sale_lines_post(lines=lines))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(posted) == [0, 300]
    assert journal_size() == (1, 2 + 300)  # one day: the cart's takings, the fund and 300 shares


def test_only_the_programme_can_bear_the_fee_so_far(settings, cart_sale):
    settings.LEDGER_FEES_BORNE_BY = "artisan"

    with pytest.raises(ImproperlyConfigured):
        sale_lines_post(lines=[cart_sale("C/13", 10000, at(3, 1))])

    assert journal_size() == (0, 0)
