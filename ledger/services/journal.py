"""The one writer of the journal, and the accounts it writes to.

Every journal transaction is written by journal_write (or its two halves, for the sale posting, which
writes its splits in between): it refuses one whose entries do not sum to zero before anything
reaches the database, and writes all the entries of a batch in one statement
(core.bulk: COPY on PostgreSQL), which the trigger of migrations 0002/0006 checks again: the rows
the statement inserted must balance for each transaction they touch.

Postings, journals and account keys are named tuples, not dataclasses: posting a million sale lines
makes four million of them, and a tuple is made and hashed in C.
"""

import datetime
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from django.db import transaction
from django.db.models import Q

from core.bulk import rows_copy
from ledger.models import Account, JournalEntry, JournalTransaction

Kind = Account.Kind


class UnbalancedTransaction(ValueError):
    """A programming error: a journal transaction whose entries do not sum to zero."""


class Posting(NamedTuple):
    """One entry to write: a signed amount (debit positive) on an account."""

    account_id: int
    amount_fen: int
    artisan_id: int | None = None  # only where the account does not name her (payouts in transit)
    available_at: datetime.datetime | None = None
    # Her payable's share of one sale line: the index of its split among those the caller wrote
    # (split_ids of journal_entries_write), not an id yet: the splits are written after their
    # transactions.
    split_index: int | None = None


class Journal(NamedTuple):
    """One transaction to write, with its postings."""

    kind: str
    reference: str
    idempotency_key: str
    occurred_at: datetime.datetime
    postings: tuple[Posting, ...]
    memo: str = ""


def journal_write(*, journals: Sequence[Journal]) -> list[int]:
    """Write these transactions and their entries (zero postings are dropped), in the caller's
    database transaction; returns the transactions' ids, in order. A few statements however many
    there are: the entries all go in one (see the module doc)."""
    ids = journal_transactions_write(journals=journals)
    journal_entries_write(transaction_ids=ids, journals=journals)
    return ids


def journal_transactions_write(*, journals: Sequence[Journal]) -> list[int]:
    """The first half of journal_write, for a caller with rows to write between the transactions and
    their entries (the sale splits, which name their transaction and are named by their payable
    entries): checks that each journal balances, writes the transactions, returns their ids."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("journal_write must run inside the caller's transaction")
    for journal in journals:
        total = sum(posting.amount_fen for posting in journal.postings)
        if total != 0:
            raise UnbalancedTransaction(f"{journal.idempotency_key} does not balance: {total:+d}")
    if not journals:
        return []
    return rows_copy(
        JournalTransaction,
        ("kind", "reference", "idempotency_key", "occurred_at", "memo"),
        [(j.kind, j.reference, j.idempotency_key, j.occurred_at, j.memo) for j in journals],
        return_ids=True,
    )


def journal_entries_write(
    *, transaction_ids: Sequence[int], journals: Sequence[Journal], split_ids: Sequence[int] = ()
) -> None:
    """The second half: every entry of these (already written) transactions in one statement, each
    at its transaction's time; a posting's split_index picks its split's id from split_ids."""
    rows_copy(
        JournalEntry,
        (
            "transaction_id", "account_id", "amount_fen", "occurred_at", "available_at", "artisan_id",
            "sale_split_id",
        ),
        [
            (
                pk, account_id, amount_fen, journal.occurred_at, available_at, artisan_id,
                None if split_index is None else split_ids[split_index],
            )
            for pk, journal in zip(transaction_ids, journals, strict=True)
            for account_id, amount_fen, artisan_id, available_at, split_index in journal.postings
            if amount_fen != 0
        ],
    )  # fmt: skip


class AccountKey(NamedTuple):
    kind: str
    owner_id: int | None = None


_OWNER_FIELD: dict[str, str] = {
    Kind.ARTISAN_PAYABLE: "artisan_id",
    Kind.OPERATOR_COMMISSION: "operator_id",
    Kind.CART_CASH: "location_id",
}


def account_ids(keys: Iterable[AccountKey]) -> dict[AccountKey, int]:
    """The ids of these accounts, creating the missing ones: one query, three when some are new."""
    keys = set(keys)
    found = _existing(keys)
    missing = keys - found.keys()
    if missing:
        # A concurrent writer may create the same account: skip it and read it back.
        Account.objects.bulk_create(
            [Account(kind=key.kind, **_owner(key)) for key in missing], ignore_conflicts=True
        )
        found.update(_existing(missing))
    return found


def _owner(key: AccountKey) -> dict:
    field = _OWNER_FIELD.get(key.kind)
    return {field: key.owner_id} if field else {}


def _existing(keys: set[AccountKey]) -> dict[AccountKey, int]:
    if not keys:
        return {}
    condition = Q()
    by_kind: dict[str, set] = {}
    for key in keys:
        by_kind.setdefault(key.kind, set()).add(key.owner_id)
    for kind, owners in by_kind.items():
        field = _OWNER_FIELD.get(kind)
        if field is None:
            condition |= Q(kind=kind, artisan__isnull=True, operator__isnull=True, location__isnull=True)
        else:
            condition |= Q(kind=kind, **{f"{field}__in": owners})
    found = {}
    for pk, kind, *owner_ids in Account.objects.filter(condition).values_list(
        "pk", "kind", "artisan_id", "operator_id", "location_id"
    ):
        field = _OWNER_FIELD.get(kind)
        owner = (
            dict(zip(("artisan_id", "operator_id", "location_id"), owner_ids, strict=True))[field]
            if field
            else None
        )
        found[AccountKey(kind, owner)] = pk
    return {key: pk for key, pk in found.items() if key in keys}


def account_id(kind: str, owner_id: int | None = None) -> int:
    key = AccountKey(kind, owner_id)
    return account_ids([key])[key]
