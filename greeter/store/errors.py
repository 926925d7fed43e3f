"""Problems the store reports in words the shop can act on."""


class StoreError(Exception):
    """Base for every error the store raises on purpose."""


class NotFound(StoreError):
    pass


class Conflict(StoreError):
    """The change would break a rule of the data, e.g. a card code already in use."""


class Invalid(StoreError):
    """The input cannot be stored as given; the message says what to type instead."""
