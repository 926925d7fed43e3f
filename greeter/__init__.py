"""Greeter: recognise the customer at the till and show who they are."""

__version__ = "0.1.0"
