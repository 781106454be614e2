from ledger.selectors import Balance, artisan_balance
from ledger.services import payout_confirm, payout_run_create, sale_lines_post
from tests.ledger.support import at


def test_her_share_is_pending_through_the_holding_period_then_available(chimeg, cart_sale):
    sale_lines_post(lines=[cart_sale("C/1", 16800, at(3, 1))])

    assert artisan_balance(artisan=chimeg, at=at(2, 28)) == Balance(0, 0, 0, 0)
    assert artisan_balance(artisan=chimeg, at=at(3, 8, 11)) == Balance(11760, 0, 0, 0)
    assert artisan_balance(artisan=chimeg, at=at(3, 8, 12)) == Balance(0, 11760, 0, 0)


def test_the_holding_period_is_configurable(settings, chimeg, cart_sale):
    settings.LEDGER_HOLDING_DAYS = 2
    sale_lines_post(lines=[cart_sale("C/2", 10000, at(3, 1))])

    assert artisan_balance(artisan=chimeg, at=at(3, 3)).available_fen == 7000


def test_a_payout_is_in_transit_until_confirmed_then_paid(chimeg, staff_user, cart_sale):
    sale_lines_post(lines=[cart_sale("C/3", 20000, at(3, 1)), cart_sale("C/4", 10000, at(3, 9))])
    run = payout_run_create(run_date=at(3, 10).date(), actor=staff_user, at=at(3, 10))

    assert artisan_balance(artisan=chimeg, at=at(3, 11)) == Balance(7000, 0, 0, 14000)

    payout_confirm(payout=run.payouts.get(), actor=staff_user, paid_at=at(3, 12))

    assert artisan_balance(artisan=chimeg, at=at(3, 13)) == Balance(7000, 0, 14000, 0)
    assert artisan_balance(artisan=chimeg, at=at(3, 20)) == Balance(0, 7000, 14000, 0)


def test_an_artisan_who_never_sold_has_nothing(xiulan):
    assert artisan_balance(artisan=xiulan) == Balance(0, 0, 0, 0)


def test_another_artisans_sales_are_not_hers(chimeg, xiulan, purse, cart_sale):
    sale_lines_post(lines=[cart_sale("C/5", 10000, at(3, 1), artisan_id=xiulan.pk, product_id=purse.pk)])

    assert artisan_balance(artisan=chimeg, at=at(4, 1)) == Balance(0, 0, 0, 0)
    assert artisan_balance(artisan=xiulan, at=at(4, 1)) == Balance(0, 6000, 0, 0)
