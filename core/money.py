"""The only place that does arithmetic on amounts. Amounts are integer fen (1/100 yuan)."""

from collections.abc import Sequence

BASIS_POINTS_WHOLE = 10_000
CURRENCY = "CNY"


def allocate(total_fen: int, weights_bp: Sequence[int]) -> list[int]:
    """Split total_fen by basis-point weights; parts sum to total_fen exactly (largest remainder).

    Ties between equal remainders go to the earlier weight, so the result is deterministic.
    A negative total (a refund) is split as the mirror image of the positive one.
    """
    if not weights_bp:
        raise ValueError("allocate needs at least one weight")
    if any(w < 0 for w in weights_bp):
        raise ValueError("weights must not be negative")
    weight_sum = sum(weights_bp)
    if weight_sum <= 0:
        raise ValueError("weights must sum to more than zero")
    if total_fen < 0:
        return [-part for part in allocate(-total_fen, weights_bp)]
    floors = [total_fen * w // weight_sum for w in weights_bp]
    remainders = [total_fen * w % weight_sum for w in weights_bp]
    left = total_fen - sum(floors)
    order = sorted(range(len(weights_bp)), key=lambda i: (-remainders[i], i))
    for i in order[:left]:
        floors[i] += 1
    return floors


def format_fen(amount_fen: int, *, symbol: str = "¥") -> str:
    """Display an amount of fen as yuan: 12345 -> '¥123.45', -50 -> '-¥0.50'."""
    sign = "-" if amount_fen < 0 else ""
    yuan, fen = divmod(abs(int(amount_fen)), 100)
    return f"{sign}{symbol}{yuan:,}.{fen:02d}"


def parse_yuan(text: str) -> int:
    """Parse '123.45' or '123' (yuan) into fen without going through floats."""
    cleaned = text.strip().replace(",", "").lstrip("¥")
    if not cleaned:
        raise ValueError("empty amount")
    negative = cleaned.startswith("-")
    cleaned = cleaned.lstrip("-")
    whole, _, frac = cleaned.partition(".")
    if not whole.isdigit() and whole != "" or (frac and not frac.isdigit()) or len(frac) > 2:
        raise ValueError(f"not an amount in yuan: {text!r}")
    fen = int(whole or "0") * 100 + int((frac + "00")[:2])
    return -fen if negative else fen


def format_fen_plain(amount_fen: int) -> str:
    """An amount of fen as a form shows it for editing: 168000 -> '1680.00' (no symbol, no grouping)."""
    sign = "-" if amount_fen < 0 else ""
    yuan, fen = divmod(abs(int(amount_fen)), 100)
    return f"{sign}{yuan}.{fen:02d}"


def format_bp(share_bp: int) -> str:
    """A share in basis points as a percentage without its sign: 7500 -> '75', 1250 -> '12.5'."""
    whole, rest = divmod(int(share_bp), 100)
    return str(whole) if not rest else f"{whole}.{rest:02d}".rstrip("0")


def parse_percent(text: str) -> int:
    """Parse '75', '12.5' or '12.50 %' (a percentage) into basis points without going through floats."""
    cleaned = text.strip().rstrip("%％").strip()
    whole, _, frac = cleaned.partition(".")
    if not whole.isdigit() or (frac and not frac.isdigit()) or len(frac) > 2:
        raise ValueError(f"not a percentage: {text!r}")
    return int(whole) * 100 + int((frac + "00")[:2])
