"""Problems the store reports in words the shop can act on."""

from greeter.core.guard import card_number_message, find_card_number, payment_card_code


class StoreError(Exception):
    """Base for every error the store raises on purpose."""


class NotFound(StoreError):
    pass


class MergedAway(NotFound):
    """The customer number names a record merged into another customer's (`kept_id`)."""

    def __init__(self, message: str, merged_id: int, kept_id: int) -> None:
        super().__init__(message)
        self.merged_id = merged_id
        self.kept_id = kept_id

    def with_id_option(self) -> str:
        """The message for a command given the merged number with --id: whom to give."""
        return f"{self} Use --id {self.kept_id}."


class Conflict(StoreError):
    """The change would break a rule of the data, e.g. a card code already in use."""


class Invalid(StoreError):
    """The input cannot be stored as given; the message says what to type instead."""


def refuse_card_numbers(*texts: str) -> None:
    """Invalid when any of the texts holds a payment card number: they never enter the file,
    whichever field they are typed or imported into."""
    for text in texts:
        masked = find_card_number(text)
        if masked:
            raise Invalid(card_number_message(masked))


def refuse_payment_card(code: str) -> None:
    """Invalid when a card code is a payment card's number rather than the shop's own."""
    masked = payment_card_code(code)
    if masked:
        raise Invalid(card_number_message(masked))
