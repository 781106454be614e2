"""The ledger's settings, with their defaults (config/settings.py may set any of them)."""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

FEE_BEARERS = ("programme",)


def holding_period() -> datetime.timedelta:
    """How long a sale's share stays pending (returns are still possible) before it can be paid."""
    return datetime.timedelta(days=getattr(settings, "LEDGER_HOLDING_DAYS", 7))


def payout_minimum_fen() -> int:
    """A payout run pays an artisan only when her available balance reaches this."""
    return int(getattr(settings, "LEDGER_PAYOUT_MINIMUM_FEN", 10_000))


def payout_approval_threshold_fen() -> int:
    """A payout run whose total is above this waits for a second staff member's approval."""
    return int(getattr(settings, "LEDGER_PAYOUT_APPROVAL_THRESHOLD_FEN", 5_000_000))


def fees_borne_by() -> str:
    """Who bears Stripe's fee on an online sale: "programme" (the programme fund, the default)."""
    bearer = getattr(settings, "LEDGER_FEES_BORNE_BY", "programme")
    if bearer not in FEE_BEARERS:
        raise ImproperlyConfigured(f"LEDGER_FEES_BORNE_BY must be one of {FEE_BEARERS}, not {bearer!r}")
    return bearer


def business_zone() -> ZoneInfo:
    """A "day" (an agreement's start, a statement's period, a run date) is a day in Qinghai."""
    return ZoneInfo(getattr(settings, "BUSINESS_TIME_ZONE", "Asia/Shanghai"))
