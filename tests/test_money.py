from hypothesis import given
from hypothesis import strategies as st

from core.money import allocate, format_fen, parse_yuan


def test_allocate_gives_the_remainder_to_the_largest_fractions():
    assert allocate(100, [3333, 3333, 3334]) == [33, 33, 34]
    assert allocate(1, [7000, 1000, 2000]) == [1, 0, 0]
    assert allocate(12_345, [7000, 1000, 2000]) == [8642, 1234, 2469]


def test_allocate_breaks_ties_towards_the_earlier_weight():
    assert allocate(1, [5000, 5000]) == [1, 0]
    assert allocate(2, [1, 1, 1]) == [1, 1, 0]


def test_allocate_mirrors_negative_totals():
    assert allocate(-12_345, [7000, 1000, 2000]) == [-8642, -1234, -2469]


@given(
    total=st.integers(min_value=0, max_value=10**12),
    weights=st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=6).filter(
        lambda w: sum(w) > 0
    ),
)
def test_allocate_parts_always_sum_to_the_whole_and_are_never_negative(total, weights):
    parts = allocate(total, weights)
    assert sum(parts) == total
    assert all(part >= 0 for part in parts)
    # No part is more than one fen away from its exact share.
    for part, weight in zip(parts, weights, strict=True):
        assert abs(part * sum(weights) - total * weight) < sum(weights)


def test_format_and_parse_round_trip():
    assert format_fen(12345) == "¥123.45"
    assert format_fen(-50) == "-¥0.50"
    assert format_fen(123456789) == "¥1,234,567.89"
    assert parse_yuan("123.45") == 12345
    assert parse_yuan("¥1,280") == 128000
    assert parse_yuan("0.5") == 50
