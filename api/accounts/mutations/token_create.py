import graphene
from django.contrib.auth import authenticate, get_user_model

from accounts.sign_in import PASSWORD, sign_in_lock
from api.accounts.types import User
from api.core.errors import Error, ErrorCode
from api.core.mutations import BaseMutation
from api.core.tokens import token_for

INVALID_CREDENTIALS = "Please enter a correct username or email and password."


class TokenCreate(BaseMutation):
    """Sign in with a username (or email address) and password; answers a bearer token for
    `Authorization: Bearer <token>`."""

    class Arguments:
        email = graphene.String(required=True, description="Username or email address.")
        password = graphene.String(required=True)

    token = graphene.String()
    user = graphene.Field(User)

    staff_only = False

    @classmethod
    def perform(cls, info, *, email, password):
        user = authenticate(info.context, username=_username_for(email.strip()), password=password)
        if user is None:
            lock = sign_in_lock(info.context, kind=PASSWORD)
            if lock is not None:
                return cls(errors=[Error(field=None, code=ErrorCode.SIGN_IN_LOCKED, message=lock.message)])
            return cls(
                errors=[Error(field="email", code=ErrorCode.INVALID_CREDENTIALS, message=INVALID_CREDENTIALS)]
            )
        return cls(token=token_for(user), user=user)


def _username_for(login: str) -> str:
    """Usernames first; otherwise the one user with that email address (none when it is ambiguous)."""
    users = get_user_model().objects
    if users.filter(username=login).exists() or "@" not in login:
        return login
    matches = list(users.filter(email__iexact=login).values_list("username", flat=True)[:2])
    return matches[0] if len(matches) == 1 else login
