"""Widgets, dialogs, item models and theme. No SQL, no business rules."""
