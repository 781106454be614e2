import datetime

import pytest
from django.db import DatabaseError, connection, transaction

from core.bulk import rows_copy
from ledger.models import Account, AppendOnlyError, JournalEntry, JournalTransaction
from ledger.services import Journal, Posting, UnbalancedTransaction, journal_write, sale_lines_post
from ledger.services.journal import account_id
from tests.ledger.support import at, journal_size

# The journal's database guards are PostgreSQL triggers.
postgres_only = pytest.mark.usefixtures("require_postgresql")


def _journal(key, *amounts):
    fund = account_id(Account.Kind.PROGRAMME_FUND)
    bank = account_id(Account.Kind.BANK)
    postings = tuple(Posting(fund if n % 2 else bank, amount) for n, amount in enumerate(amounts))
    return Journal(
        kind="adjustment", reference=key, idempotency_key=key, occurred_at=at(3, 1), postings=postings
    )


@pytest.mark.django_db
def test_a_transaction_that_does_not_balance_is_refused_before_anything_is_written():
    with pytest.raises(UnbalancedTransaction), transaction.atomic():
        journal_write(journals=[_journal("ok", 100, -100), _journal("off-by-one", 100, -99)])

    assert journal_size() == (0, 0)


@pytest.mark.django_db(transaction=True)
def test_journal_write_needs_the_callers_transaction():
    with pytest.raises(RuntimeError):
        journal_write(journals=[])


def test_journal_rows_are_never_updated_or_deleted(cart_sale):
    sale_lines_post(lines=[cart_sale("C/1", 10000, at(3, 1))])
    tx = JournalTransaction.objects.get()
    entry = JournalEntry.objects.first()

    tx.memo = "changed"
    for attempt in (tx.save, tx.delete, entry.delete, JournalEntry.objects.all().delete):
        with pytest.raises(AppendOnlyError):
            attempt()
    with pytest.raises(AppendOnlyError):
        JournalEntry.objects.update(amount_fen=1)

    assert JournalTransaction.objects.get().memo == "2026-03-01 ×1"


@postgres_only
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE ledger_journalentry SET amount_fen = amount_fen + 1",
        "DELETE FROM ledger_journalentry",
        "UPDATE ledger_journaltransaction SET memo = 'x'",
        "DELETE FROM ledger_salesplit",
    ],
)
def test_the_database_refuses_to_change_the_journal(cart_sale, sql):
    sale_lines_post(lines=[cart_sale("C/2", 10000, at(3, 1))])

    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)

    assert journal_size() == (1, 4)


@postgres_only
def test_the_database_refuses_an_entry_that_unbalances_a_transaction(cart_sale):
    sale_lines_post(lines=[cart_sale("C/3", 10000, at(3, 1))])
    entry = JournalEntry.objects.first()

    with (
        pytest.raises(DatabaseError, match="does not balance"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "INSERT INTO ledger_journalentry (transaction_id, account_id, amount_fen, occurred_at) "
            "VALUES (%s, %s, 5, %s)",
            [entry.transaction_id, entry.account_id, datetime.datetime.now(datetime.UTC)],
        )

    assert journal_size() == (1, 4)


@postgres_only
def test_the_database_checks_entries_copied_in_by_the_fast_writer(cart_sale):
    sale_lines_post(lines=[cart_sale("C/4", 10000, at(3, 1))])
    entry = JournalEntry.objects.first()

    with pytest.raises(DatabaseError, match="does not balance"), transaction.atomic():
        rows_copy(
            JournalEntry,
            ("transaction_id", "account_id", "amount_fen", "occurred_at"),
            [(entry.transaction_id, entry.account_id, 7, at(3, 1))],
        )

    assert journal_size() == (1, 4)
