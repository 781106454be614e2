"""Sign-in throttling with django-axes: failures are counted per client, never per account.

A client is an IP address and a user agent (the device). When one client's failed sign-ins within
SIGN_IN_LOCKOUT_MINUTES reach the limit of the kind of sign-in it tries (SIGN_IN_FAILURE_LIMITS: a
PIN has far fewer values than a password), that client is refused without any secret being checked
until the time has passed. The failures of one client are added up whichever accounts it tried, so
guessing PIN 1234 across every operator is stopped as soon as guessing many PINs for one; and since
no account is ever locked, a guesser cannot lock anyone else out: she signs in from her own device.
One IP address, whatever user agents it sends, is refused at SIGN_IN_ADDRESS_FACTOR times the limit:
a new user agent on every try does not escape, and people behind one carrier address are not locked
by one guesser's first few tries.

Every sign-in goes through django.contrib.auth.authenticate(), where Axes's backend (first in
AUTHENTICATION_BACKENDS) refuses a locked client and Django's user_login_failed signal records a
failure: the admin's login and tokenCreate (passwords, ModelBackend), operatorTokenCreate
(carts.backends) and the artisans' portal (artisans.backends). Each of those answers a lock itself
with sign_in_lock(), in words that say when to try again; the middleware leaves their answers alone.
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

PASSWORD, OPERATOR_PIN, ARTISAN_PIN = "password", "operator_pin", "artisan_pin"


def sign_in_kind(credentials: dict | None) -> str:
    """Which secret a sign-in tries, from the credentials it passed to authenticate()."""
    credentials = credentials or {}
    if credentials.get("phone") is not None or credentials.get("login_link") is not None:
        return ARTISAN_PIN  # the artisans' portal: her PIN, or a login link
    if credentials.get("pin") is not None:
        return OPERATOR_PIN
    return PASSWORD


def failure_limit(request, credentials) -> int:
    """AXES_FAILURE_LIMIT: the failures a client may have before it is refused this kind of sign-in."""
    return settings.SIGN_IN_FAILURE_LIMITS[sign_in_kind(credentials)]


def attempted_account(request, credentials) -> str | None:
    """AXES_USERNAME_CALLABLE: the account a failure is recorded against (shown to staff in the admin)."""
    credentials = credentials or {}
    phone = credentials.get("phone")
    if phone is not None:
        return "phone:" + ("".join(ch for ch in str(phone) if ch.isdigit()) or str(phone))[:40]
    username = credentials.get("username")
    return str(username)[:150] if username is not None else None


class SignInAttempts(AxesDatabaseHandler):
    """Axes's database handler, with the address-wide count weighed by SIGN_IN_ADDRESS_FACTOR.

    AXES_LOCKOUT_PARAMETERS gives two groups of attempts, in this order: the device's (IP address and
    user agent) and the address's (every user agent)."""

    def get_failures(self, request, credentials=None) -> int:
        device, address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        return max(device, address // settings.SIGN_IN_ADDRESS_FACTOR)

    def locked_until(self, request, credentials=None) -> datetime.datetime | None:
        """When the failures of a locked client will have aged below its limits."""
        limit = failure_limit(request, credentials)
        needed = (limit, limit * settings.SIGN_IN_ADDRESS_FACTOR)
        ends = []
        for attempts, enough in zip(self.get_user_attempts(request, credentials), needed, strict=True):
            total = 0
            for failures, at in attempts.order_by("-attempt_time").values_list(
                "failures_since_start", "attempt_time"
            ):
                total += failures
                if total >= enough:
                    ends.append(at + settings.AXES_COOLOFF_TIME)
                    break
        return max(ends, default=None)


@dataclass(frozen=True)
class SignInLock:
    until: datetime.datetime

    @property
    def message(self) -> str:
        local = timezone.localtime(self.until, ZoneInfo(settings.BUSINESS_TIME_ZONE))
        return _("这台设备登录失败的次数太多，已暂时锁定。请在 %(time)s（北京时间）之后再试。") % {
            "time": local.strftime("%H:%M")
        }


def sign_in_lock(request, *, kind: str) -> SignInLock | None:
    """After authenticate() returned None: the lock that refused this client, if it is locked now.

    Axes marks a request it refused, or whose failure reached the limit, with `axes_locked_out`
    (its middleware reads the same flag)."""
    if not getattr(request, "axes_locked_out", False):
        return None
    credentials = _credentials_of(kind)
    until = SignInAttempts().locked_until(request, credentials)
    if until is None:  # refused by an address list rather than by counting: as long as a lockout
        until = timezone.now() + settings.AXES_COOLOFF_TIME
    return SignInLock(until=until)


def sign_in_tries_left(request, *, kind: str) -> int:
    """After a failure that did not lock the client: how many more it may make."""
    failures = getattr(request, "axes_failures_since_start", None) or 0
    return max(failure_limit(request, _credentials_of(kind)) - failures, 0)


def _credentials_of(kind: str) -> dict:
    return {ARTISAN_PIN: {"phone": "", "pin": ""}, OPERATOR_PIN: {"pin": ""}}.get(kind, {})


def lockout_response(request, original_response=None, credentials=None) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: every sign-in page and mutation answered the lock itself already."""
    if original_response is not None:
        return original_response
    return HttpResponse(_("登录失败的次数太多，请稍后再试。"), status=429)
