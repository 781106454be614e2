"""Transactions for services that refuse before they write."""

import functools

from django.db import transaction

from core.errors import DomainError


def one_transaction(function):
    """Like transaction.atomic, but inside a caller's transaction without a savepoint of its own
    (two round trips a call on the checkout's path).

    Only for services that refuse (raise a DomainError) before they write anything: such a refusal
    leaves the caller's transaction as it was and usable. Any other error marks the caller's
    transaction for rollback, as atomic(savepoint=False) would.
    """

    @functools.wraps(function)
    def in_one_transaction(*args, **kwargs):
        if transaction.get_autocommit():  # no caller's transaction (atomic turns autocommit off)
            with transaction.atomic():
                return function(*args, **kwargs)
        try:
            return function(*args, **kwargs)
        except DomainError:
            raise
        except BaseException:
            transaction.set_rollback(True)
            raise

    return in_one_transaction
