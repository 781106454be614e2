import datetime

import pytest

from artisans.models import Agreement
from artisans.services import agreement_create
from core.errors import ValidationFailed
from tests import factories


def terms(artisan_bp=7000, operator_bp=1000, programme_bp=2000, valid_from=datetime.date(2026, 1, 1)):
    return {
        "valid_from": valid_from,
        "artisan_bp": artisan_bp,
        "operator_bp": operator_bp,
        "programme_bp": programme_bp,
    }


@pytest.mark.django_db
def test_an_agreement_is_created():
    # given
    artisan = factories.ArtisanFactory()

    # when
    agreement = agreement_create(artisan=artisan, note=" 2026 年起 ", **terms(6500, 1500, 2000))

    # then
    agreement.refresh_from_db()
    assert (agreement.artisan, agreement.valid_from, agreement.weights_bp, agreement.note) == (
        artisan,
        datetime.date(2026, 1, 1),
        (6500, 1500, 2000),
        "2026 年起",
    )


@pytest.mark.django_db
def test_a_share_may_be_zero():
    # given
    artisan = factories.ArtisanFactory()

    # when
    agreement = agreement_create(artisan=artisan, **terms(8000, 0, 2000))

    # then
    assert Agreement.objects.get(pk=agreement.pk).weights_bp == (8000, 0, 2000)


@pytest.mark.parametrize(
    "shares",
    [(7000, 1000, 1999), (7000, 1000, 2001), (11000, -1000, 0), (7000.0, 1000, 2000), (True, 4999, 5000)],
)
@pytest.mark.django_db
def test_shares_that_are_not_whole_basis_points_summing_to_10000_are_refused(shares):
    # given
    artisan = factories.ArtisanFactory()

    # when
    with pytest.raises(ValidationFailed) as refused:
        agreement_create(artisan=artisan, **terms(*shares))

    # then
    assert refused.value.field == "shares"
    assert Agreement.objects.count() == 0


@pytest.mark.django_db
def test_the_message_names_the_wrong_total():
    # given
    artisan = factories.ArtisanFactory()

    # when
    with pytest.raises(ValidationFailed) as refused:
        agreement_create(artisan=artisan, **terms(7000, 1000, 1000))

    # then
    assert str(refused.value.message) == "三方份额之和必须为 10000 基点（100%），现在是 9000。"


@pytest.mark.django_db
def test_a_second_agreement_from_the_same_day_is_refused():
    # given
    artisan = factories.ArtisanFactory()
    agreement_create(artisan=artisan, **terms(7000, 1000, 2000))

    # when
    with pytest.raises(ValidationFailed) as refused:
        agreement_create(artisan=artisan, **terms(6000, 2000, 2000))

    # then
    assert (refused.value.field, refused.value.code) == ("validFrom", "DUPLICATE")
    assert list(Agreement.objects.values_list("artisan_bp", flat=True)) == [7000]


@pytest.mark.django_db
def test_later_agreements_and_other_artisans_on_the_same_day_are_fine():
    # given
    artisan, other = factories.ArtisanFactory(), factories.ArtisanFactory()
    agreement_create(artisan=artisan, **terms())

    # when
    agreement_create(artisan=artisan, **terms(6000, 2000, 2000, valid_from=datetime.date(2026, 7, 1)))
    agreement_create(artisan=other, **terms())

    # then
    assert sorted(Agreement.objects.values_list("artisan", "valid_from", "artisan_bp")) == [
        (artisan.pk, datetime.date(2026, 1, 1), 7000),
        (artisan.pk, datetime.date(2026, 7, 1), 6000),
        (other.pk, datetime.date(2026, 1, 1), 7000),
    ]


@pytest.mark.parametrize("valid_from", [None, "2026-01-01", datetime.datetime(2026, 1, 1, 8)])
@pytest.mark.django_db
def test_a_start_that_is_not_a_date_is_refused(valid_from):
    # given
    artisan = factories.ArtisanFactory()

    # when
    with pytest.raises(ValidationFailed) as refused:
        agreement_create(artisan=artisan, **terms(valid_from=valid_from))

    # then
    assert refused.value.field == "validFrom"
    assert Agreement.objects.count() == 0
