"""A small world for the ledger: 其木格 (70/10/20 from 2026-01-01) and 李秀兰 (60/15/25), a robe and a
purse, the Chaka cart's location and its operator. Times are Qinghai times in 2026."""

import datetime

import pytest

from inventory.models import Location
from ledger.models import Channel
from ledger.services import SaleLine
from tests import factories
from tests.fakes.stripe_connect import FakeConnect
from tests.ledger.support import approver


@pytest.fixture(autouse=True)
def _ledger_settings(settings):
    settings.LEDGER_HOLDING_DAYS = 7
    settings.LEDGER_PAYOUT_MINIMUM_FEN = 10_000
    settings.LEDGER_FEES_BORNE_BY = "programme"
    # Users are made for their ids, not to sign in: skip the slow password hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def chimeg(db):
    artisan = factories.ArtisanFactory(code="chimeg", name_zh="其木格", name_latin="Chimeg")
    factories.AgreementFactory(artisan=artisan, valid_from=datetime.date(2026, 1, 1))
    return artisan


@pytest.fixture
def xiulan(db):
    artisan = factories.ArtisanFactory(code="xiulan", name_zh="李秀兰", name_latin="Li Xiulan")
    factories.AgreementFactory(
        artisan=artisan,
        valid_from=datetime.date(2026, 1, 1),
        artisan_bp=6000,
        operator_bp=1500,
        programme_bp=2500,
    )
    return artisan


@pytest.fixture
def robe(chimeg):
    return factories.ProductFactory(slug="blue-robe", name_zh="蓝缎蒙古袍", name_en="Blue satin robe")


@pytest.fixture
def purse(xiulan):
    return factories.ProductFactory(slug="peony-purse", name_zh="牡丹刺绣零钱包", name_en="Peony purse")


@pytest.fixture
def cart(db):
    return factories.LocationFactory(
        code="cart-chaka", kind=Location.Kind.CART, name_zh="茶卡盐湖零售车", name_en="Chaka Salt Lake cart"
    )


@pytest.fixture
def operator(db):
    return factories.UserFactory(username="op-tana", display_name="塔娜")


@pytest.fixture
def staff_user(db):
    return factories.StaffFactory(username="finance")


@pytest.fixture
def reviewer(db):
    """The second staff member: she may approve payout runs that staff_user started."""
    return approver()


@pytest.fixture
def cart_sale(chimeg, robe, cart, operator):
    """A SaleLine maker: a cart sale of her robe, sold by the Chaka operator, unless told otherwise."""

    def make(reference: str, paid_fen: int, when: datetime.datetime, **changes) -> SaleLine:
        fields = {
            "reference": reference,
            "occurred_at": when,
            "artisan_id": chimeg.pk,
            "product_id": robe.pk,
            "paid_fen": paid_fen,
            "channel": Channel.CART,
            "location_id": cart.pk,
            "operator_user_id": operator.pk,
        }
        fields.update(changes)
        return SaleLine(**fields)

    return make


@pytest.fixture
def fake_connect(settings):
    """The Stripe-compatible Connect fake on loopback, with payments/connect.py pointed at it."""
    fake = FakeConnect(accounts={"acct_chimeg"}).start()
    settings.STRIPE_API_BASE = fake.url
    settings.STRIPE_SECRET_KEY = "sk_test_fake"
    yield fake
    fake.stop()
