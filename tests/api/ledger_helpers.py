"""What the ledger API tests share: her agreement, sales posted into the journal through
ledger.services.sale_lines_post (as tests/ledger/support.py does), a second artisan who signs in."""

import datetime
from zoneinfo import ZoneInfo

from api.core.tokens import token_for
from ledger.models import Channel
from ledger.services import SaleLine, sale_lines_post
from tests import factories

QINGHAI = ZoneInfo("Asia/Shanghai")
MONEY = "{ amountFen currency amount formatted }"


def at(month: int, day: int, hour: int = 12) -> datetime.datetime:
    """A time in Qinghai in 2026."""
    return datetime.datetime(2026, month, day, hour, tzinfo=QINGHAI)


def with_agreement(artisan, **terms):
    """70/10/20 from 2026-01-01 unless told otherwise."""
    factories.AgreementFactory(artisan=artisan, valid_from=datetime.date(2026, 1, 1), **terms)
    return artisan


def sell(artisan, product, cart, operator, reference: str, paid_fen: int, when, **changes) -> None:
    """A cart sale of product by artisan at cart, sold by operator (an Operator row)."""
    fields = {
        "reference": reference,
        "occurred_at": when,
        "artisan_id": artisan.pk,
        "product_id": product.pk,
        "paid_fen": paid_fen,
        "channel": Channel.CART,
        "location_id": cart.location_id,
        "operator_user_id": operator.user_id,
    }
    fields.update(changes)
    sale_lines_post(lines=[SaleLine(**fields)])


def money(fen: int) -> dict:
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(fen), 100)
    return {
        "amountFen": fen,
        "currency": "CNY",
        "amount": f"{sign}{yuan}.{cents:02d}",
        "formatted": f"{sign}¥{yuan:,}.{cents:02d}",
    }


def other_artisan_token():
    """Another artisan, signed in: she may not read 乌仁娜's ledger."""
    other = factories.ArtisanFactory(code="chimeg", name_zh="其木格", name_latin="Chimeg")
    other.user = factories.UserFactory(username="chimeg")
    other.save(update_fields=["user"])
    return other, token_for(other.user)
