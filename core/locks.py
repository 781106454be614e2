"""Ordered row locks: every writer that locks several rows locks them in primary-key order, so two
transactions can never each hold a row the other waits for."""

from django.db.models import QuerySet


def lock_in_id_order(queryset: QuerySet) -> list:
    """SELECT ... FOR UPDATE the rows of queryset in id order and return them (inside a transaction)."""
    return list(queryset.select_for_update().order_by("pk"))
