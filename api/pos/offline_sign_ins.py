"""Which offline sign-ins a tablet must forget, told in every sync answer (docs/pos.md, "Signing in
offline"). The tablet keeps, per operator, a slow hash of her PIN and the token she was given at her
last online sign-in. That token stops working when her PIN changes or she is disabled
(accounts.services.user_sign_ins_revoke), when it expires, or when she no longer works this cart: the
same token then unlocks nothing offline either."""

from api.core.tokens import user_for_token
from carts.selectors import cart_operator_user_ids
from core.errors import ValidationFailed

MAX_OFFLINE_SIGN_INS = 20


def offline_sign_ins_revoked(*, cart, sign_ins) -> list[str]:
    """The usernames, in the order sent, whose offline sign-in on this cart's tablet no longer holds."""
    sign_ins = list(sign_ins or [])
    if len(sign_ins) > MAX_OFFLINE_SIGN_INS:
        raise ValidationFailed(
            f"Send at most {MAX_OFFLINE_SIGN_INS} offline sign-ins at a time.", field="offlineSignIns"
        )
    users = {}
    for sign_in in sign_ins:
        user = user_for_token(sign_in.token)
        if user is not None and user.username == sign_in.username:
            users[sign_in.username] = user
    working = cart_operator_user_ids(cart=cart, user_ids=[user.pk for user in users.values()])
    return [
        sign_in.username
        for sign_in in sign_ins
        if sign_in.username not in users or users[sign_in.username].pk not in working
    ]
