"""Fen: every amount of money in the API, an integer number of fen (1/100 yuan).

GraphQL's Int is 32-bit: it cannot hold ¥21,474,836.48 (2³¹ fen), a sum the books pass. Fen is an
integer exact in JSON, so up to ±(2⁵³ − 1) (about ¥90 trillion): a JavaScript client (the tablet)
reads it as the plain number it read before. Amounts sent in are what one sale, line, cash drawer or
payout threshold can be: at most ¥1,000,000 either way (docs/limits.md).
"""

import math

import graphene
from graphql import GraphQLError, IntValueNode

# The largest integer a JSON reader holding numbers as IEEE doubles (JavaScript) keeps exact.
FEN_EXACT_LIMIT = 2**53 - 1
# What one input amount may be: far above any sale, line or drawer, far below an overflow.
FEN_INPUT_LIMIT = 100_000_000


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
            f"(at most {FEN_INPUT_LIMIT} fen, ¥{FEN_INPUT_LIMIT // 100:,})."
        )
    return whole


class Fen(graphene.Scalar):
    """An amount of money in fen (1/100 yuan), as a JSON integer: exact up to ±9007199254740991
    (2⁵³ − 1). As an input, at most ±100000000 (¥1,000,000): more than one sale, line or cash count
    holds."""

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
