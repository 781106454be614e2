"""Writes for sign-in accounts."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F


@transaction.atomic
def user_sign_ins_revoke(*, user) -> None:
    """End every bearer token and session she holds now: after a new PIN, or when staff disable her.

    Tokens and sessions carry the sign-in generation they were issued under (accounts.models.User);
    raising it refuses them all on their next use, wherever they are."""
    model = get_user_model()
    model.objects.filter(pk=user.pk).update(sign_in_generation=F("sign_in_generation") + 1)
    user.sign_in_generation = model.objects.values_list("sign_in_generation", flat=True).get(pk=user.pk)
