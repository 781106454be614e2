"""payout_profile_save: her payee details, and a record of every change of where her money goes."""

import pytest

from core.errors import ValidationFailed
from ledger.models import PayoutProfile, PayoutProfileChange, payee_fingerprint
from ledger.services import payout_profile_save
from tests.ledger.support import at


def test_a_change_of_account_is_recorded_with_who_and_when(chimeg, staff_user, reviewer, time_machine):
    time_machine.move_to(at(3, 1, 9))
    payout_profile_save(
        artisan=chimeg, method="bank", account_name="其木格", bank_name="青海银行",
        account_number="6214 0000 1111 2222", actor=staff_user,
    )  # fmt: skip
    time_machine.move_to(at(3, 5, 9))
    profile = payout_profile_save(
        artisan=chimeg, method="bank", account_name="其木格", bank_name="青海银行",
        account_number="6214 9999 8888 7777", actor=reviewer,
    )  # fmt: skip

    assert (profile.details_changed_at, profile.details_changed_by) == (at(3, 5, 9), reviewer)
    assert profile.details_fingerprint == payee_fingerprint(
        method="bank", payee_name="其木格", bank_name="青海银行", account_number="6214999988887777"
    )
    history = [
        (change.changed_at, change.changed_by, change.method, change.summary)
        for change in PayoutProfileChange.objects.order_by("changed_at")
    ]
    assert history == [
        (at(3, 1, 9), staff_user, "bank", "其木格 青海银行 ****2222"),
        (at(3, 5, 9), reviewer, "bank", "其木格 青海银行 ****7777"),
    ]


def test_saving_the_same_details_again_records_nothing(chimeg, staff_user, reviewer, time_machine):
    time_machine.move_to(at(3, 1, 9))
    payout_profile_save(artisan=chimeg, method="stripe", stripe_account_id="acct_chimeg", actor=staff_user)
    time_machine.move_to(at(3, 5, 9))
    profile = payout_profile_save(
        artisan=chimeg, method="stripe", stripe_account_id=" acct_chimeg ", actor=reviewer
    )

    assert (profile.details_changed_at, profile.details_changed_by) == (at(3, 1, 9), staff_user)
    assert PayoutProfileChange.objects.count() == 1


def test_a_bank_profile_without_an_account_is_refused_and_nothing_is_written(chimeg, staff_user):
    with pytest.raises(ValidationFailed):
        payout_profile_save(artisan=chimeg, method="bank", account_name="其木格", actor=staff_user)

    assert (PayoutProfile.objects.count(), PayoutProfileChange.objects.count()) == (0, 0)


def test_a_fingerprint_ignores_how_the_account_was_typed_but_not_which_account():
    typed = [
        payee_fingerprint(method="bank", payee_name="其木格", bank_name="青海银行", account_number=number)
        for number in ("6214 0000 1111 2222", "6214-0000-1111-2222", "6214000011112222")
    ]
    other = payee_fingerprint(
        method="bank", payee_name="其木格", bank_name="青海银行", account_number="6214000011112223"
    )

    assert len(set(typed)) == 1 and other != typed[0]
    assert payee_fingerprint(method="cash") == ""
