"""The admin tests' small world (the base, a cart, two artisans' pieces, a signed-in staff client)."""

from tests.admin.conftest import admin_client, base, cart, chimeg, purse, robe, sash  # noqa: F401
