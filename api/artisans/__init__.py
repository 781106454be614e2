"""Artisans and workshops: public profiles, staff-only contact details and agreements."""
