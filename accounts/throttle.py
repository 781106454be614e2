"""Failed sign-ins counted per account and kind of secret, so nobody can guess a password or a PIN
by trying: after `limit` failures within `window` seconds the account is refused without checking
until the window has passed. Counted in Django's cache: shared by every web worker when CACHE_URL
names a Redis, otherwise per process.
"""

import hashlib

from django.core.cache import cache

# kind of secret: (failures allowed, window in seconds). A PIN has far fewer values than a password.
LIMITS = {"password": (10, 15 * 60), "operator-pin": (10, 15 * 60), "artisan-pin": (5, 15 * 60)}


def _key(kind: str, account: str) -> str:
    # Hashed: a typed account name may hold spaces, non-ASCII or control characters, which no cache
    # key should carry.
    digest = hashlib.sha256(account.strip().lower().encode()).hexdigest()
    return f"gongfang:sign-in-failures:{kind}:{digest}"


def sign_in_blocked(*, kind: str, account: str) -> bool:
    return cache.get(_key(kind, account), 0) >= LIMITS[kind][0]


def sign_in_failed(*, kind: str, account: str) -> int:
    """Count one failure; answers how many more tries are left before the account is refused."""
    limit, window = LIMITS[kind]
    key = _key(kind, account)
    cache.add(key, 0, window)
    try:
        failures = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        failures = 1
    return max(limit - failures, 0)


def sign_in_succeeded(*, kind: str, account: str) -> None:
    cache.delete(_key(kind, account))
