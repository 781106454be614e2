"""The ledger in the admin: the journal read-only; payouts through their services."""

from ledger.admin import journal, payouts, runs  # noqa: F401  (registers the model admins)
