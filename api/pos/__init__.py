"""The cart tablet's API: operator sign-in, shifts, the sales sync, the catalogue snapshot and the
cart's stock and restocks (docs/pos.md)."""
