"""Fen: every amount of money in the API, an integer number of fen (1/100 yuan).

GraphQL's Int is 32-bit: it cannot hold ¥21,474,836.48 (2³¹ fen), a sum the books pass. Fen is an
integer exact in JSON, so up to ±(2⁵³ − 1) (about ¥90 trillion): a JavaScript client (the tablet)
reads it as the plain number it read before. An amount sent in (a price, a line, a sale, a cash
count, a payout threshold) is at most what one order's total holds, 2³¹ − 1 fen (¥21,474,836.47),
either way: past that no single sale can be stored (docs/limits.md). Below it nothing that Int took
is refused, so a tablet's queued sale is never refused by the schema that its batch passed before.
"""

import math

import graphene
from graphql import GraphQLError, IntValueNode

from core.money import format_fen

# The largest integer a JSON reader holding numbers as IEEE doubles (JavaScript) keeps exact.
FEN_EXACT_LIMIT = 2**53 - 1
# What one input amount may be: the largest total an order stores (orders' 32-bit columns).
FEN_INPUT_LIMIT = 2**31 - 1


def _whole(value) -> int | None:
    """value as an int when it is a whole number (1250 or 1250.0), else None; True/False are not."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    return None


def _given(value) -> int:
    # A ValueError: graphql-core words it into "Expected value of type 'Fen' ..." at the input.
    whole = _whole(value)
    if whole is None:
        raise ValueError(f"Fen is a whole number of fen (1/100 yuan), not {value!r}.")
    if abs(whole) > FEN_INPUT_LIMIT:
        raise ValueError(
            f"{whole} fen is beyond what one sale, line or cash count can be "
            f"(at most {FEN_INPUT_LIMIT} fen, {format_fen(FEN_INPUT_LIMIT)})."
        )
    return whole


class Fen(graphene.Scalar):
    """An amount of money in fen (1/100 yuan), as a JSON integer: exact up to ±9007199254740991
    (2⁵³ − 1). As an input, at most ±2147483647 (¥21,474,836.47): the largest total one order holds."""

    @staticmethod
    def serialize(value):
        whole = _whole(value)
        if whole is None or abs(whole) > FEN_EXACT_LIMIT:
            # Refused rather than rounded: a client would read another amount than the books hold.
            raise GraphQLError(f"Fen cannot represent {value!r} exactly in JSON.")
        return whole

    @staticmethod
    def parse_value(value):
        return _given(value)

    @staticmethod
    def parse_literal(node, _variables=None):
        if not isinstance(node, IntValueNode):
            raise ValueError("Fen is a whole number of fen (1/100 yuan), written without quotes.")
        return _given(int(node.value))
