"""{{ amount_fen|fen }} shows integer fen as yuan through core.money.format_fen."""

from django import template

from core.money import format_fen

register = template.Library()


@register.filter
def fen(amount_fen):
    if amount_fen is None or amount_fen == "":
        return ""
    return format_fen(int(amount_fen))


@register.filter
def signed_fen(amount_fen):
    """+¥1.00 / -¥1.00: a change to a balance."""
    if amount_fen is None or amount_fen == "":
        return ""
    amount_fen = int(amount_fen)
    return ("+" if amount_fen > 0 else "") + format_fen(amount_fen)
