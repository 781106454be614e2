"""Domain errors. Services raise them; the API maps each to a typed error {field, code, message}."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    code = "INVALID"
    field: str | None = None
    default_message = _("The request could not be carried out.")

    def __init__(self, message=None, *, field=None, code=None, params=None):
        self.message = message or self.default_message
        if field is not None:
            self.field = field
        if code is not None:
            self.code = code
        self.params = params or {}
        super().__init__(str(self.message))


class NotFound(DomainError):
    code = "NOT_FOUND"
    default_message = _("Not found.")


class PermissionDenied(DomainError):
    code = "PERMISSION_DENIED"
    default_message = _("You do not have permission to do this.")


class ValidationFailed(DomainError):
    code = "INVALID"


class InsufficientStock(DomainError):
    code = "INSUFFICIENT_STOCK"
    default_message = _("Not enough stock.")


class InvalidState(DomainError):
    code = "INVALID_STATE"
    default_message = _("This cannot be done in the current state.")


class InvalidImage(DomainError):
    code = "INVALID_IMAGE"
    field = "image"
    default_message = _("This file is not an image we can accept.")
