"""Bearer tokens for the API: signed (not encrypted), salted, expiring after API_TOKEN_MAX_AGE_SECONDS.

A token holds the user id, a keyed hash of the user's password hash and her sign-in generation, so
changing the password, a new PIN or being disabled (accounts.services.user_sign_ins_revoke) revokes
every token issued before; the password hash itself never leaves the server.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

TOKEN_SALT = "gongfang.api.token"
_PASSWORD_KEY_SALT = "gongfang.api.token.password"


def _password_fingerprint(user) -> str:
    return salted_hmac(_PASSWORD_KEY_SALT, user.password, algorithm="sha256").hexdigest()[:20]


def token_for(user) -> str:
    return signing.dumps(
        {"u": user.pk, "p": _password_fingerprint(user), "g": user.sign_in_generation},
        salt=TOKEN_SALT,
        compress=True,
    )


def user_for_token(token: str):
    """The active user a valid, unexpired, unrevoked token belongs to; None otherwise."""
    try:
        payload = signing.loads(token, salt=TOKEN_SALT, max_age=settings.API_TOKEN_MAX_AGE_SECONDS)
    except (signing.BadSignature, ValueError):
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("u"), int):
        return None
    user = get_user_model().objects.filter(pk=payload["u"], is_active=True).first()
    if user is None or not constant_time_compare(str(payload.get("p", "")), _password_fingerprint(user)):
        return None
    if payload.get("g", 0) != user.sign_in_generation:  # (tokens from before generations: 0)
        return None
    return user


def user_from_request(request):
    """`Authorization: Bearer <token>` -> its user; anyone else is anonymous.

    The session cookie is deliberately ignored: /graphql/ is exempt from CSRF, so a cookie-signed-in
    staff member's browser must not be able to run mutations for another site's page.
    """
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        user = user_for_token(token.strip())
        if user is not None:
            return user
    return AnonymousUser()
