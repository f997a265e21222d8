"""Shipped data: rule packs, FX rates, reference tables (with their sources)."""
