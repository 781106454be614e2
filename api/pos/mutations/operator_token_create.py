import graphene
from django.contrib.auth import authenticate
from django.utils.translation import gettext as _

from accounts.sign_in import OPERATOR_PIN, sign_in_lock
from api.accounts.types import User
from api.core.errors import Error, ErrorCode
from api.core.mutations import BaseMutation
from api.core.tokens import token_for
from api.pos.types import Cart
from carts.selectors import carts_for_user


class OperatorTokenCreate(BaseMutation):
    """A cart operator signs in on the tablet with her username and PIN; answers a bearer token for
    `Authorization: Bearer <token>` and the carts she works (the tablet is bound to one of them).

    A device with too many wrong PINs is refused for a while (SIGN_IN_LOCKED, saying until when);
    the operator herself is never locked: she signs in from her own tablet (accounts/sign_in.py)."""

    class Arguments:
        username = graphene.String(required=True)
        pin = graphene.String(required=True, description="4 to 6 digits.")

    token = graphene.String()
    user = graphene.Field(User)
    carts = graphene.List(graphene.NonNull(Cart), required=True, description="Her active carts.")

    staff_only = False

    @classmethod
    def perform(cls, info, *, username, pin):
        # Answered, not raised: a raised error would roll back the failure Axes just recorded.
        user = authenticate(info.context, username=username.strip(), pin=pin)
        if user is None:
            lock = sign_in_lock(info.context, kind=OPERATOR_PIN)
            if lock is not None:
                return cls(errors=[Error(field=None, code=ErrorCode.SIGN_IN_LOCKED, message=lock.message)])
            message = _("用户名或 PIN 不正确。")
            return cls(errors=[Error(field="pin", code=ErrorCode.INVALID_CREDENTIALS, message=message)])
        return cls(token=token_for(user), user=user, carts=list(carts_for_user(user)))

    @classmethod
    def mutate(cls, root, info, **data):
        payload = super().mutate(root, info, **data)
        if payload.carts is None:
            payload.carts = []  # a refusal still answers the non-null list
        return payload
