"""Rule families: one module per family (fld, bal, reg, …), discovered by rules.registry."""
