"""Rule packs: schema, loader, registry, validation, coverage."""
