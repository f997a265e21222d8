"""Pure domain logic: money, consignments, duty expressions, the landed-cost engine.

Imports only the standard library and pydantic (a test enforces it).
"""
