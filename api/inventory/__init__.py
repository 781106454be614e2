"""Locations and their stock, and the staff's stock operations: intake, transfers, counts, adjustments."""
