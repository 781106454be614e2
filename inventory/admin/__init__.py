"""Stock in the admin. Nothing here writes a stock row: intake, transfers, receipts, counts and
adjustments are forms that call inventory.services; what they made is shown read-only afterwards."""

from inventory.admin import operations, stock, transfers  # noqa: F401  (registers the model admins)
