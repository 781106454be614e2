"""Signing in (tokenCreate) and the signed-in user (me)."""
