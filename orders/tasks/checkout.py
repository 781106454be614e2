"""Checkout tasks: the confirmation email, releasing expired reservations."""

__all__: list[str] = []
