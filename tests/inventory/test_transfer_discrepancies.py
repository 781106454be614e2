import pytest

from inventory.selectors import DiscrepancyRow, transfer_discrepancies
from inventory.services import LineQuantity, ReceivedLine, transfer_create, transfer_receive


@pytest.fixture
def transfer(actor, base, cart, robe, purse, scarf, stock_in):
    stock_in(robe, 5)
    stock_in(purse, 3)
    stock_in(scarf, 2)
    return transfer_create(
        source=base,
        destination=cart,
        lines=[LineQuantity(robe, 5), LineQuantity(purse, 3), LineQuantity(scarf, 2)],
        actor=actor,
    )


@pytest.mark.django_db
def test_nothing_to_report_while_in_transit(transfer):
    assert transfer_discrepancies(transfer=transfer) == []


@pytest.mark.django_db
def test_only_lines_that_differ_valued_at_the_price(
    transfer, actor, robe, purse, scarf, django_assert_num_queries
):
    # given: a robe lost, purses right, one scarf more than the sheet said
    transfer_receive(
        transfer=transfer,
        lines=[
            ReceivedLine(robe, 4, note="少一件"),
            ReceivedLine(purse, 3),
            ReceivedLine(scarf, 3, note="多一条"),
        ],
        actor=actor,
    )

    # when
    with django_assert_num_queries(1):
        rows = transfer_discrepancies(transfer=transfer)

    # then
    assert rows == [
        DiscrepancyRow(
            sku="ROBE-M",
            product_name="蒙古袍",
            quantity_sent=5,
            quantity_received=4,
            discrepancy=-1,
            discrepancy_value_fen=-128000,
            note="少一件",
        ),
        DiscrepancyRow(
            sku="SCARF-BLUE",
            product_name="哈达围巾",
            quantity_sent=2,
            quantity_received=3,
            discrepancy=1,
            discrepancy_value_fen=6600,
            note="多一条",
        ),
    ]
