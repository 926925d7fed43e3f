"""What staff do at the counter (recognise, look, note) as calls the window and CLI share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from greeter.core.customer_form import CustomerChanges, CustomerDraft, month_day
from greeter.core.day_list import DayList
from greeter.core.identify import card_code, normalise_email, normalise_phone
from greeter.core.models import (
    Card,
    FollowUpKind,
    Link,
    Note,
    NoteKind,
    NoteVersion,
    Occasion,
    Preference,
    SearchHit,
    Staff,
    Tag,
)
from greeter.core.notes import mark_stale
from greeter.core.settings import ShopSettings
from greeter.money import money_format
from greeter.recognise import Recognition, recognise
from greeter.store import Store
from greeter.store.cards import MoneyFormat
from greeter.store.consents import CHANNELS
from greeter.store.database import is_stand_in, write
from greeter.store.errors import Invalid
from greeter.store.session import acting_as
from greeter.store.settings import data_version

if TYPE_CHECKING:
    from greeter.store.merge import MergeResult
    from greeter.store.restoring import Restored


class Counter:
    def __init__(self, store: Store, today: Callable[[], dt.date] = dt.date.today) -> None:
        self.store = store
        self._today = today
        self._money: tuple[str, MoneyFormat] | None = None  # (locale, how it writes amounts)

    @property
    def settings(self) -> ShopSettings:
        """The shop's settings as the file holds them now: a change made with `greeter
        settings` while the window is open counts from the next look-up."""
        return self.store.settings.current()

    @property
    def money(self) -> MoneyFormat:
        """Amounts written as the `locale` setting says, now."""
        return self._money_for(self.settings.locale)

    def _money_for(self, locale: str) -> MoneyFormat:
        if self._money is None or self._money[0] != locale:
            self._money = (locale, money_format(locale))
        return self._money[1]

    def restore(self, backup: Path, actor_id: int | None = None) -> Restored:
        """Bring back a backup (the current file is kept beside it), erase again anyone
        erased since it was made, and reopen the shop with `actor_id` still acting."""
        from greeter.store.restoring import restore_shop  # rare: loaded when first used

        path = self.store.path
        self.store.close()
        restored = None
        try:
            restored = restore_shop(path, backup, actor_id)
            return restored
        finally:
            self.store = Store(path)
            carried = restored.staff if restored is not None else None
            # Today's staff carried into the backup may sit under other ids there.
            self.store.actor_id = (
                carried.ids.get(actor_id, actor_id) if carried and actor_id else actor_id
            )

    def file_version(self) -> int:
        """A number that changes whenever another connection (`greeter` on the command line,
        another Greeter, a worker thread) has committed to the shop's file."""
        return data_version(self.store.db)

    def backups(self) -> list[Path]:
        from greeter.store.backup import list_backups, store_backup_folder

        return list_backups(self.store.path, store_backup_folder(self.store))

    def today(self) -> dt.date:
        return self._today()

    def is_empty(self) -> bool:
        return self.store.customers.count() == 0

    def holds_no_shop(self) -> bool:
        """True when the file holds no shop Greeter can read (text, another program's
        database, a damaged header): the store is an empty stand-in until a restore."""
        return is_stand_in(self.store.db)

    def recognise(self, text: str) -> Recognition:
        return recognise(self.store, text, self.settings)

    def search_names(self, words: list[str]) -> list[SearchHit]:
        return self.store.names.search(words)

    def card(self, customer_id: int) -> Card:
        settings = self.settings  # once: the card and its amounts by the same settings
        money = self._money_for(settings.locale)
        return self.store.cards.assemble(customer_id, settings, self.today(), money)

    def greeted(self, customer_id: int, by: Staff | None, when: dt.datetime | None = None) -> None:
        """The card was shown at the counter (`when`, now by default): it counts for
        "greeted today"."""
        if not self.store.read_only:
            self.store.seen.record(customer_id, by.id if by else None, when)

    def staff(self) -> list[Staff]:
        return self.store.staff.all()

    def add_note(
        self,
        customer_id: int,
        text: str,
        author: Staff,
        *,
        pinned: bool = False,
        kind: NoteKind = NoteKind.GENERAL,
    ) -> int:
        return self.store.notes.add(customer_id, text, author.id, kind=kind, pinned=pinned)

    def notes_of(self, customer_id: int) -> tuple[Note, ...]:
        notes = self.store.notes.all_for(customer_id)
        return mark_stale(notes, self.today(), self.settings.note_stale_days)

    def edit_note(self, note_id: int, text: str, kind: NoteKind, by: Staff) -> bool:
        return self.store.notes.edit(note_id, text, by.id, kind=kind)

    def pin_note(self, note_id: int, pinned: bool, by: Staff) -> None:
        self.store.notes.set_pinned(note_id, pinned, by.id)

    def confirm_note(self, note_id: int, by: Staff) -> None:
        self.store.notes.confirm(note_id, by.id)

    def retire_note(self, note_id: int, by: Staff) -> None:
        self.store.notes.retire(note_id, by.id)

    def note_history(self, note_id: int) -> list[NoteVersion]:
        return self.store.notes.history(note_id)

    def add_follow_up(
        self, customer_id: int, kind: FollowUpKind, text: str, author: Staff, due: dt.date | None
    ) -> int:
        return self.store.follow_ups.add(
            customer_id, kind, text, author.id, due, today=self.today()
        )

    def mark_follow_up_done(self, follow_up_id: int, by: Staff) -> None:
        self.store.follow_ups.mark_done(follow_up_id, by.id)

    def reopen_follow_up(self, follow_up_id: int, by: Staff) -> None:
        self.store.follow_ups.reopen(follow_up_id, by.id)

    # -- what the card knows at a glance: preferences, tags, occasions, links (F4) --

    def preferences_of(self, customer_id: int) -> tuple[Preference, ...]:
        return self.store.preferences.for_customer(customer_id)

    def set_preference(
        self, customer_id: int, label: str, value: str, by: Staff, preference_id: int | None
    ) -> None:
        """Change preference `preference_id`, or add one (the same label updates it)."""
        if preference_id is None:
            self.store.preferences.add(customer_id, label, value, by.id)
        else:
            self.store.preferences.update(preference_id, by.id, label=label, value=value)

    def remove_preference(self, preference_id: int, by: Staff) -> None:
        self.store.preferences.remove(preference_id, by.id)

    def tags_of(self, customer_id: int) -> tuple[Tag, ...]:
        return self.store.tags.for_customer(customer_id)

    def tag(self, customer_id: int, name: str, by: Staff) -> bool:
        return self.store.tags.tag(customer_id, name, by.id)

    def untag(self, customer_id: int, name: str, by: Staff) -> bool:
        return self.store.tags.untag(customer_id, name, by.id)

    def occasions_of(self, customer_id: int) -> tuple[Occasion, ...]:
        return self.store.occasions.for_customer(customer_id, self.today())

    def add_occasion(self, customer_id: int, label: str, when: str, by: Staff) -> int:
        """`when` as typed: MM-DD, or YYYY-MM-DD when the year matters."""
        try:
            day = month_day(when)  # the same MM-DD or YYYY-MM-DD as a birthday
        except ValueError as fault:
            raise Invalid(f"“{when.strip()}” is not a real date: {fault}.") from None
        if day is None:
            raise Invalid(f"Type the date as MM-DD or YYYY-MM-DD (e.g. 06-14), not “{when}”.")
        return self.store.occasions.add(customer_id, label, day.month, day.day, day.year, by.id)

    def remove_occasion(self, occasion_id: int, by: Staff) -> None:
        self.store.occasions.remove(occasion_id, by.id)

    def links_of(self, customer_id: int) -> tuple[Link, ...]:
        return self.store.links.for_customer(customer_id)

    def link(self, from_id: int, to_id: int, label: str, by: Staff) -> int:
        return self.store.links.add(from_id, to_id, label, by.id)

    def unlink(self, link_id: int, by: Staff) -> None:
        self.store.links.remove(link_id, by.id)

    def day_list(self) -> DayList:
        return self.store.day_list.assemble(self.today(), self.settings)

    def customer_name(self, customer_id: int) -> str:
        return self.store.customers.get(customer_id).preferred_name

    # -- customers created and kept clean --

    def find_customers(self, text: str) -> list[SearchHit]:
        """Who `text` may mean: the one customer it recognises, or the names it matches."""
        result = self.recognise(text)
        if result.customer_id is not None:
            return self.store.names.hits_for([result.customer_id])
        return list(result.candidates)

    def customer_draft(self, customer_id: int) -> CustomerDraft:
        """The customer's details as the form shows them."""
        customers, region = self.store.customers, self.settings.region
        c = customers.get(customer_id)
        b = c.birthday
        born = "" if b is None else f"{f'{b.year:04d}-' if b.year else ''}{b.month:02d}-{b.day:02d}"
        return CustomerDraft(
            preferred_name=c.preferred_name,
            full_name=c.full_name,
            pronunciation=c.pronunciation,
            phones=tuple(
                p.display if normalise_phone(p.display, region) == p.e164 else p.e164
                for p in customers.phones(customer_id)
            ),
            emails=customers.emails(customer_id),
            cards=customers.cards(customer_id),
            birthday=born,
        )

    def marketing_consent(self, customer_id: int) -> tuple[bool, bool]:
        """(email, sms): whether the customer's latest answer on each channel is yes."""
        latest = self.store.consents.latest
        return latest(customer_id, "email") is True, latest(customer_id, "sms") is True

    def possible_duplicates(self, draft: CustomerDraft) -> list[tuple[int, str, str]]:
        """(id, name, reason) of each customer the draft may already be, best first."""
        found = []
        for duplicate in self.store.customers.likely_duplicates(draft, self.settings.region):
            other = self.store.customers.get(duplicate.customer_id)
            found.append((duplicate.customer_id, other.display_name, duplicate.reason))
        return found

    def add_customer(
        self, draft: CustomerDraft, by: Staff, *, email_consent: bool, sms_consent: bool
    ) -> int:
        """A new customer; a ticked consent box records a yes, dated now, from the counter."""
        return self.store.customers.create(
            draft,
            self.settings.region,
            staff_id=by.id,
            email_consent=True if email_consent else None,
            sms_consent=True if sms_consent else None,
            consent_source="counter",
        )

    def edit_customer(
        self,
        customer_id: int,
        draft: CustomerDraft,
        by: Staff,
        *,
        email_consent: bool,
        sms_consent: bool,
    ) -> list[str]:
        """Save the form's version of a customer in one transaction; what changed, in words.
        A consent box that differs from the latest answer records the customer's new one."""
        region = self.settings.region
        changes = _changes(self.customer_draft(customer_id), draft, region)
        was = self.marketing_consent(customer_id)
        with write(self.store.db), acting_as(self.store.db, by.id):
            changed = self.store.customers.update(customer_id, changes, region, by.id)
            for channel, granted, before in zip(
                CHANNELS, (email_consent, sms_consent), was, strict=True
            ):
                if granted != before:
                    self.store.consents.record(customer_id, channel, granted, "counter")
                    said = "agreed to" if granted else "declined"
                    changed.append(f"{said} {'email' if channel == 'email' else 'SMS'} marketing")
        return changed

    def merge_preview(self, other_id: int) -> dict[str, int]:
        """What merging `other_id` into another customer would move: table → rows."""
        from greeter.store.subject_access import collect

        counts: dict[str, int] = {}
        for key, found in collect(self.store.db, other_id)["tables"].items():
            table = key.split(".", 1)[0]  # customer_links.from_id and .to_id are one kind
            counts[table] = counts.get(table, 0) + len(found)
        counts.pop("customer_items", None)  # worked out again from the purchases
        return counts

    def merge_customers(self, keep_id: int, other_id: int, by: Staff) -> MergeResult:
        return self.store.merges.merge(keep_id, other_id, by.id)

    def load_demo(self) -> None:
        from greeter.demo import load_demo

        load_demo(self.store, self.today())


def _changes(before: CustomerDraft, after: CustomerDraft, region: str) -> CustomerChanges:
    """The edit that turns `before` (as stored) into `after` (as typed): contacts are
    compared normalised, so retyping a phone in another format changes nothing."""

    def phone(text: str) -> str:
        return normalise_phone(text, region) or text.strip()

    def email(text: str) -> str:
        return normalise_email(text) or text.strip().lower()

    def diff(
        old: tuple[str, ...], new: tuple[str, ...], key: Callable[[str], str]
    ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        old_keys, new_keys = {key(x) for x in old}, {key(x) for x in new}
        added = tuple(x for x in new if key(x) not in old_keys)
        return added, tuple(x for x in old if key(x) not in new_keys)

    add_phones, remove_phones = diff(before.phones, after.phones, phone)
    add_emails, remove_emails = diff(before.emails, after.emails, email)
    add_cards, remove_cards = diff(before.cards, after.cards, card_code)
    return CustomerChanges(
        preferred_name=after.preferred_name,
        full_name=after.full_name,
        pronunciation=after.pronunciation,
        birthday=after.birthday,
        add_phones=add_phones,
        remove_phones=remove_phones,
        add_emails=add_emails,
        remove_emails=remove_emails,
        add_cards=add_cards,
        remove_cards=remove_cards,
    )
