from django.contrib.auth.backends import ModelBackend

from accounts.throttle import sign_in_blocked, sign_in_failed, sign_in_succeeded


class ThrottledModelBackend(ModelBackend):
    """Username and password, refused without checking once an account has had too many wrong
    passwords in a row (the admin's login and the API's tokenCreate both come through here)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        account = username or kwargs.get("email") or ""
        if not account or password is None:
            return None
        if sign_in_blocked(kind="password", account=account):
            return None
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            sign_in_failed(kind="password", account=account)
        else:
            sign_in_succeeded(kind="password", account=account)
        return user
