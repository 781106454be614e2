"""An artisan's payee details (how and where she is paid), changed only here.

Every change of where her money goes is recorded as it happens: the profile's fingerprint, when and
by whom it last changed, and a PayoutProfileChange row appended to its history. Her next bank or
Stripe payout to details she has not been paid to yet waits for a second staff member, who may not be
the one who entered them (ledger/services/approvals.py).
"""

from django.db import transaction
from django.utils import timezone

from artisans.models import Artisan
from core.validation import full_clean_or_raise
from ledger.models import PayoutMethod, PayoutProfile, PayoutProfileChange, payee_fingerprint


@transaction.atomic
def payout_profile_save(
    *,
    artisan: Artisan,
    method: str,
    account_name: str = "",
    bank_name: str = "",
    account_number: str = "",
    stripe_account_id: str = "",
    actor=None,
) -> PayoutProfile:
    """Create or change her payee details. Saving the same details again records nothing."""
    profile = PayoutProfile.objects.select_for_update().filter(artisan=artisan).first()
    created = profile is None
    profile = profile or PayoutProfile(artisan=artisan)
    profile.method = method
    profile.account_name = account_name.strip()
    profile.bank_name = bank_name.strip()
    profile.account_number = account_number.strip()
    profile.stripe_account_id = stripe_account_id.strip()
    full_clean_or_raise(profile, validate_unique=created)
    fingerprint = payee_fingerprint(
        method=method,
        # As the payout will name her: the account's holder, or her own name.
        payee_name=(profile.account_name or artisan.name_zh) if method == PayoutMethod.BANK else "",
        bank_name=profile.bank_name,
        account_number=profile.account_number,
        stripe_account_id=profile.stripe_account_id,
    )
    changed = created or fingerprint != profile.details_fingerprint
    now = timezone.now()
    if changed:
        profile.details_fingerprint = fingerprint
        profile.details_changed_at = now
        profile.details_changed_by = actor
    profile.save()
    if changed:
        PayoutProfileChange.objects.create(
            profile=profile,
            changed_at=now,
            changed_by=actor,
            method=method,
            fingerprint=fingerprint,
            summary=_summary(profile),
        )
    return profile


def _summary(profile: PayoutProfile) -> str:
    """Enough to recognise the destination in the history, without the whole account number again."""
    if profile.method == PayoutMethod.BANK:
        digits = "".join(ch for ch in profile.account_number if ch.isdigit())
        return f"{profile.account_name} {profile.bank_name} ****{digits[-4:]}".strip()
    if profile.method == PayoutMethod.STRIPE:
        return profile.stripe_account_id
    return ""
