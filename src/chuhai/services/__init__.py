"""Use cases: the domain wired to packs, rates and storage."""
