from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError

from accounts.sign_in import PASSWORD, sign_in_lock


class AdminSignInForm(AdminAuthenticationForm):
    """The admin's login, saying so when this device is locked for too many failed sign-ins (rather
    than that the password is wrong), and until when."""

    def get_invalid_login_error(self):
        lock = sign_in_lock(self.request, kind=PASSWORD) if self.request is not None else None
        if lock is not None:
            return ValidationError(lock.message, code="sign_in_locked")
        return super().get_invalid_login_error()
