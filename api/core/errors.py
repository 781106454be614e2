"""Typed errors: every mutation answers `errors { field code message }` instead of raising."""

import graphene

from core.errors import DomainError


class ErrorCode(graphene.Enum):
    """Why a mutation could not be carried out."""

    INVALID = "INVALID"
    REQUIRED = "REQUIRED"
    NOT_FOUND = "NOT_FOUND"
    PERMISSION_DENIED = "PERMISSION_DENIED"
    INSUFFICIENT_STOCK = "INSUFFICIENT_STOCK"
    INVALID_STATE = "INVALID_STATE"
    UNIQUE = "UNIQUE"
    INVALID_CREDENTIALS = "INVALID_CREDENTIALS"
    SIGN_IN_LOCKED = "SIGN_IN_LOCKED"
    INVALID_IMAGE = "INVALID_IMAGE"
    GRAPHQL_ERROR = "GRAPHQL_ERROR"
    PAYMENT_NOT_SUCCEEDED = "PAYMENT_NOT_SUCCEEDED"
    PAYMENT_PROVIDER_ERROR = "PAYMENT_PROVIDER_ERROR"
    PAYMENT_MISMATCH = "PAYMENT_MISMATCH"
    REFUND_EXCEEDS_PAYMENT = "REFUND_EXCEEDS_PAYMENT"
    CHECKOUT_FAILED = "CHECKOUT_FAILED"
    APPROVAL_REQUIRED = "APPROVAL_REQUIRED"
    SECOND_APPROVER_REQUIRED = "SECOND_APPROVER_REQUIRED"
    PAYMENT_UNAVAILABLE = "PAYMENT_UNAVAILABLE"
    TOO_MANY_PIECES = "TOO_MANY_PIECES"
    TOO_MANY_CHECKOUTS = "TOO_MANY_CHECKOUTS"
    WRONG_PICKUP_CODE = "WRONG_PICKUP_CODE"
    WRONG_CART = "WRONG_CART"
    ALREADY_HANDED_OVER = "ALREADY_HANDED_OVER"


class Error(graphene.ObjectType):
    field = graphene.String(
        description="The input field at fault, named as in the API (camelCase); null for the whole request."
    )
    code = graphene.Field(ErrorCode, required=True)
    message = graphene.String(required=True)


# Services name a few codes their own way; the API speaks one vocabulary.
_CODE_ALIASES = {"DUPLICATE": "UNIQUE"}
_KNOWN_CODES = frozenset(ErrorCode._meta.enum.__members__)


def camel(name: str) -> str:
    """snake_case (a model or service name) -> camelCase (the API's name); camelCase stays as it is."""
    first, *rest = name.split("_")
    return first + "".join(part[:1].upper() + part[1:] for part in rest)


def error_from_domain(error: DomainError, *, fields: dict[str, str] | None = None) -> Error:
    """The typed error for a domain error; `fields` renames a service's field to the input's name."""
    code = _CODE_ALIASES.get(error.code, error.code)
    if code not in _KNOWN_CODES:
        code = ErrorCode.INVALID.value
    field = None
    if error.field:
        renames = fields or {}
        field = renames.get(error.field) or renames.get(camel(error.field)) or camel(error.field)
    return Error(field=field, code=code, message=str(error.message))
