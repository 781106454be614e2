import datetime

import pytest

from artisans.selectors import agreement_in_force
from tests import factories


@pytest.fixture
def artisan(db):
    artisan = factories.ArtisanFactory(code="uren")
    factories.AgreementFactory(artisan=artisan, valid_from=datetime.date(2026, 1, 1), artisan_bp=7000)
    factories.AgreementFactory(
        artisan=artisan, valid_from=datetime.date(2026, 7, 1), artisan_bp=6000, operator_bp=2000
    )
    # another artisan's later agreement must never answer for her
    factories.AgreementFactory(valid_from=datetime.date(2026, 9, 1), artisan_bp=5000, operator_bp=3000)
    return artisan


@pytest.mark.parametrize(
    ("on", "artisan_bp"),
    [
        (datetime.date(2025, 12, 31), None),
        (datetime.date(2026, 1, 1), 7000),
        (datetime.date(2026, 6, 30), 7000),
        (datetime.date(2026, 7, 1), 6000),
        (datetime.date(2027, 3, 8), 6000),
    ],
)
def test_the_latest_agreement_started_on_or_before_the_day_is_in_force(artisan, on, artisan_bp):
    # when
    agreement = agreement_in_force(artisan=artisan, on=on)

    # then
    assert (agreement.artisan_bp if agreement else None) == artisan_bp
    assert agreement is None or agreement.artisan == artisan


def test_an_artisan_without_agreements_has_none_in_force(db):
    assert agreement_in_force(artisan=factories.ArtisanFactory(), on=datetime.date(2026, 5, 1)) is None
