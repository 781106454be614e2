"""The tablet's sign-in as a Django authentication backend: an operator's username and PIN.

Through django.contrib.auth.authenticate(), so that sign-in throttling (accounts/sign_in.py) counts
and refuses PIN guesses as it does passwords."""

from django.contrib.auth.backends import ModelBackend

from carts.services import operator_authenticate
from core.errors import PermissionDenied


class OperatorPinBackend(ModelBackend):
    # Django calls a backend with the credentials its signature names, so it differs from the base's.
    def authenticate(self, request, username=None, pin=None):  # type: ignore[override]
        if username is None or pin is None:
            return None
        try:
            return operator_authenticate(username=username, pin=pin).user
        except PermissionDenied:
            return None
