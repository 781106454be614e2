"""Domain errors. Services raise them; the API maps each to a typed error {field, code, message}."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    code = "INVALID"
    field: str | None = None
    default_message = _("无法完成此操作。")

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
    default_message = _("找不到。")


class PermissionDenied(DomainError):
    code = "PERMISSION_DENIED"
    default_message = _("没有权限执行此操作。")


class ValidationFailed(DomainError):
    code = "INVALID"


class InsufficientStock(DomainError):
    code = "INSUFFICIENT_STOCK"
    default_message = _("库存不足。")


class InvalidState(DomainError):
    code = "INVALID_STATE"
    default_message = _("当前状态下不能执行此操作。")


class InvalidImage(DomainError):
    code = "INVALID_IMAGE"
    field = "image"
    default_message = _("无法接受此文件作为图片。")
