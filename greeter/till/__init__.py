"""Living beside the till: importers, the single-instance socket and scanner detection."""
