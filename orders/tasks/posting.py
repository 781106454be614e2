"""Ledger posting tasks: paid order lines and refunds into the ledger, and the sweep."""

__all__: list[str] = []
