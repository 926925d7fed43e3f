"""The keystrokes that act on the customer on screen: notes and follow-ups."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QMenu

from greeter.core.models import FollowUp, Staff
from greeter.core.permissions import Action, allowed, refusal
from greeter.store.errors import StoreError
from greeter.ui.put_away import NoteFor, PutAway
from greeter.ui.saving import save_or_ask_again

if TYPE_CHECKING:
    from greeter.ui.follow_up_dialog import FollowUpDraft
    from greeter.ui.main_window import MainWindow
    from greeter.ui.note_dialog import NoteDraft

# A follow-up marked done, and whose card it was on.
Done = tuple[int, FollowUp]


class TypedOver(NamedTuple):
    """A card that names typed in the search box replaced with a list: undoing all that
    typing brings it back as it was."""

    customer_id: int
    looked_up: bool  # a linked customer's card, not the customer at the counter's
    done: Done | None  # what Ctrl+Z would put back on it
    search_given: int  # SearchBox.given then: the same once the typing is undone


class CardActions(QObject):
    """Ctrl+N note, F3 notes, F4 preferences/tags/occasions/links, Ctrl+P follow-up
    ("promise"), Ctrl+1…9 marks that follow-up done and Ctrl+Z puts it back, Ctrl+J jumps
    to a linked customer. Ctrl+Z in the search box undoes the typing first: undoing all of
    it goes back to the card it was typed over."""

    note_saved = Signal(int)
    follow_up_saved = Signal(int)
    follow_up_done = Signal(int)
    follow_up_reopened = Signal(int)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.note_key = QShortcut(QKeySequence("Ctrl+N"), window)
        self.notes_key = QShortcut(QKeySequence(Qt.Key.Key_F3), window)
        self.facts_key = QShortcut(QKeySequence(Qt.Key.Key_F4), window)
        self.link_key = QShortcut(QKeySequence("Ctrl+J"), window)
        self.follow_up_key = QShortcut(QKeySequence("Ctrl+P"), window)
        self.done_keys = [QShortcut(QKeySequence(f"Ctrl+{n}"), window) for n in range(1, 10)]
        # A text box keeps its own Ctrl+Z; the search box lets it through with nothing typed.
        self.undo_key = QShortcut(QKeySequence("Ctrl+Z"), window)
        # The follow-up last marked done here, and whose card it was on: Ctrl+Z puts it
        # back while that card is on screen.
        self._last_done: Done | None = None
        # Whose card is on screen; whose card was only looked up (Ctrl+J, a link chip), still
        # so when drawn again, hidden or locked; and the card a list typed over replaced.
        self._on_screen: int | None = None
        self._looked_up: int | None = None
        self._typed_over: TypedOver | None = None
        # Notes and follow-ups put away unsaved (Esc, the counter's reflex, or Cancel), by
        # customer and writer: the next Ctrl+N or Ctrl+P on that customer's card, by them,
        # brings theirs back. Only in memory, and only while this window is open.
        self._unsaved_notes: PutAway[NoteDraft] = PutAway(
            lambda waiting, moved: replace(waiting, text=f"{waiting.text}\n\n{moved.text}")
        )
        self._unsaved_follow_ups: PutAway[FollowUpDraft] = PutAway(
            lambda waiting, moved: replace(waiting, text=f"{waiting.text}; {moved.text}")
        )
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.note_key.activated.connect(self.add_note)
        self.notes_key.activated.connect(self.manage_notes)
        self.facts_key.activated.connect(self.edit_facts)
        self.link_key.activated.connect(self.jump_to_link)
        self.follow_up_key.activated.connect(self.add_follow_up)
        for n, key in enumerate(self.done_keys, start=1):
            key.activated.connect(lambda n=n: self.mark_done(n))
        self.undo_key.activated.connect(self.reopen_last_done)
        self._window.customer_recognised.connect(self._on_window_customer_recognised)
        self._window.pages.currentChanged.connect(self._on_pages_current_changed)
        self._window.search.typing_undone.connect(self._on_search_typing_undone)

    def _who_and_whom(self, what: str, changes: bool = True) -> tuple[int, Staff] | None:
        """The customer on screen and who is on duty, for an action that `changes` the shop's
        file (or only shows it); otherwise None, the status line saying why."""
        window = self._window
        if window.say_if_hidden():  # no dialog about the customer, no card redrawn
            return None
        if changes and window.say_if_read_only():
            return None
        author = window.on_duty_staff()
        if window.current_customer is None:
            window.status.setText(f"Find a customer first, then {what}.")
            return None
        if author is None:
            window.status.setText("Choose who is on duty first.")
            return None
        window.status.setText("")  # what it said before is not about what is done now
        return window.current_customer, author

    def _refresh(self, customer_id: int, message: str) -> None:
        self._window.show_customer(customer_id)
        if self._window.counter.store.customers.exists(customer_id):  # else it says why not
            self._window.status.setText(message)

    def _remember_done(self, done: Done | None) -> None:
        """What Ctrl+Z puts back now (None: nothing); the card's hint says so while it can."""
        self._last_done = done
        self._offer_keys()

    def _offer_keys(self) -> None:
        """Let the card's hints name the keys that work on it now."""
        card, writable = self._window.card, not self._window.counter.store.read_only
        card.follow_ups.offer_keys(writable, put_back=self._last_done is not None)
        card.notes.offer_keys(writable)

    def add_note(self) -> None:
        target = self._who_and_whom("press Ctrl+N to add a note")
        if target is None:
            return
        from greeter.ui.note_dialog import NoteDialog  # each dialog loads when first opened

        customer_id, author = target
        counter = self._window.counter
        name = counter.customer_name(customer_id)
        whose = self._note_for(customer_id, author)
        unsaved = self._unsaved_notes.pop(whose, None)
        saved = save_or_ask_again(
            self._window,
            "Note not saved",
            lambda kept: NoteDialog.ask(
                self._window,
                name,
                author.name,
                kept or unsaved,
                sensitive_words=counter.settings.sensitive_words,
                back=kept is None and unsaved is not None,
                put_away=lambda draft: self._put_note_away(whose, draft),
            ),
            lambda draft: counter.add_note(
                customer_id, draft.text, author, pinned=draft.pinned, kind=draft.kind
            ),
        )
        if saved is None:
            self._window.search.setFocus()
            return
        self._refresh(customer_id, "Note saved.")
        self.note_saved.emit(customer_id)

    def _note_for(self, customer_id: int, author: Staff) -> NoteFor:
        """Whose a note is: the customer (their number, and when they were added: a number
        freed by an erasure or a merge can be given to someone new) and who writes it."""
        return customer_id, self._created(customer_id), author.id

    def _created(self, customer_id: int) -> dt.datetime | None:
        card = self._window.card.card
        return card.customer.created if card and card.customer.id == customer_id else None

    def forget_notes_of(self, customer_id: int) -> None:
        """Drop the notes and follow-ups kept unsaved for an erased customer: nothing of them
        may stay."""
        for unsaved in (self._unsaved_notes, self._unsaved_follow_ups):
            unsaved.forget(lambda whose: whose[0] == customer_id)

    def forget_notes_of_the_gone(self) -> None:
        """Drop the notes and follow-ups kept unsaved for customers no longer in the shop's
        file (erased or merged away from the command line, say), or whose number is now
        someone else's."""
        if not self._unsaved_notes and not self._unsaved_follow_ups:
            return  # the usual case: nothing to look up
        customers = self._window.counter.store.customers

        def gone(whose: NoteFor) -> bool:
            customer_id, created, _ = whose
            return (
                not customers.exists(customer_id) or customers.get(customer_id).created != created
            )

        for unsaved in (self._unsaved_notes, self._unsaved_follow_ups):
            unsaved.forget(gone)

    def move_notes(self, keep_id: int, merged_id: int) -> None:
        """The notes and follow-ups kept unsaved for a customer merged away wait on the card
        they were merged into, as their saved ones do."""
        kept = (keep_id, self._created(keep_id))
        for unsaved in (self._unsaved_notes, self._unsaved_follow_ups):
            unsaved.move(merged_id, kept)

    def _put_note_away(self, whose: NoteFor, draft: NoteDraft) -> None:
        """Keep a note cancelled with something typed in it for the next Ctrl+N on that
        card; one emptied first is thrown away."""
        if draft.text:
            self._unsaved_notes[whose] = draft
            self._window.status.setText("Note not saved: Ctrl+N brings it back.")

    def manage_notes(self) -> None:
        target = self._who_and_whom("press F3 to look after their notes", changes=False)
        if target is None:
            return
        from greeter.ui.notes_dialog import NotesDialog

        customer_id, staff = target
        if NotesDialog.ask(self._window, self._window.counter, customer_id, staff):
            self._refresh(customer_id, "Notes updated.")
        else:
            self._window.search.setFocus()

    def edit_facts(self) -> None:
        """F4: the customer's preferences, tags, occasions and links."""
        target = self._who_and_whom("press F4 for their preferences, tags, dates and links")
        if target is None:
            return
        customer_id, staff = target
        if not allowed(staff.role, Action.EDIT_CUSTOMER):
            self._window.status.setText(
                refusal(staff.name, staff.role, Action.EDIT_CUSTOMER, in_window=True)
            )
            return
        from greeter.ui.facts_dialog import FactsDialog

        if FactsDialog.ask(self._window, self._window.counter, customer_id, staff):
            self._refresh(customer_id, "Details updated.")
        else:
            self._window.search.setFocus()

    def jump_to_link(self) -> None:
        """Open a linked customer's card: at once if there is one, else from a short menu."""
        if self._window.say_if_hidden():
            return
        if self._window.current_customer is None:
            self._window.status.setText(
                "Find a customer first, then press Ctrl+J to open a linked customer's card."
            )
            return
        links = self._window.card.facts.links
        if not links:
            self._window.status.setText("No linked customers on this card.")
            return
        if len(links) == 1:
            self.open_linked(links[0].other_id)
            return
        menu = QMenu(self._window)
        for number, link in enumerate(links, start=1):
            text = f"&{number}  {link.text()}".replace("&", "&&").replace("&&", "&", 1)
            menu.addAction(text).setData(link.other_id)
        chosen = menu.exec(
            self._window.card.facts.mapToGlobal(self._window.card.facts.rect().center())
        )
        if chosen is not None:
            self.open_linked(int(chosen.data()))

    def open_linked(self, customer_id: int) -> None:
        """Open a linked customer's card, the search box emptied as when the till names
        someone: what it held found the customer before, and Enter would go back there.
        Looking someone up is not greeting them: the day's list does not count it."""
        self._window.search.clear()
        self._window.show_customer(customer_id, looked_up=True)
        self._looked_up = customer_id

    def add_follow_up(self) -> None:
        target = self._who_and_whom("press Ctrl+P to add a follow-up")
        if target is None:
            return
        from greeter.ui.follow_up_dialog import FollowUpDialog

        customer_id, author = target
        counter = self._window.counter
        name = counter.customer_name(customer_id)
        whose = self._note_for(customer_id, author)
        unsaved = self._unsaved_follow_ups.pop(whose, None)
        saved = save_or_ask_again(
            self._window,
            "Follow-up not saved",
            lambda kept: FollowUpDialog.ask(
                self._window,
                name,
                author.name,
                counter.today(),
                kept or unsaved,
                back=kept is None and unsaved is not None,
                put_away=lambda draft: self._put_follow_up_away(whose, draft),
            ),
            lambda draft: counter.add_follow_up(
                customer_id, draft.kind, draft.text, author, draft.due
            ),
        )
        if saved is None:
            self._window.search.setFocus()
            return
        self._refresh(customer_id, f"{saved[0].kind.label} saved.")
        self.follow_up_saved.emit(customer_id)

    def _put_follow_up_away(self, whose: NoteFor, draft: FollowUpDraft) -> None:
        """As a note: kept for the next Ctrl+P on that card if something was typed in it."""
        if draft.text:
            self._unsaved_follow_ups[whose] = draft
            self._window.status.setText("Follow-up not saved: Ctrl+P brings it back.")

    def mark_done(self, number: int) -> None:
        """Mark the follow-up shown with this number on the card as done."""
        target = self._who_and_whom(f"press Ctrl+{number} to mark follow-up {number} done")
        card = self._window.card.card
        if target is None or card is None:
            return
        customer_id, who = target
        if number > len(card.follow_ups):
            self._window.status.setText(f"There is no follow-up {number} on this card.")
            return
        follow_up = card.follow_ups[number - 1]
        try:
            self._window.counter.mark_follow_up_done(follow_up.id, who)
        except StoreError as error:
            self._window.status.setText(str(error))
            return
        self._refresh(
            customer_id,
            f"Done: {follow_up.kind.label.lower()}, marked by {who.name}. Ctrl+Z puts it back.",
        )
        self._remember_done((customer_id, follow_up))
        self._window.search.forget_typing()  # so Ctrl+Z in the search box reaches us
        self.follow_up_done.emit(follow_up.id)

    def reopen_last_done(self) -> None:
        """Ctrl+Z: open again the follow-up just marked done on the card on screen."""
        window = self._window
        if window.say_if_hidden():
            return
        if window.pages.currentWidget() is not window.card:
            window.status.setText("Nothing to undo.")  # the day's list, a list of names
            return
        if self._last_done is None or self._last_done[0] != window.current_customer:
            window.status.setText(
                "Nothing to put back: Ctrl+Z reopens the follow-up just marked done on this card."
            )
            return
        target = self._who_and_whom("press Ctrl+Z")
        if target is None:
            return
        customer_id, who = target
        follow_up = self._last_done[1]
        try:
            window.counter.reopen_follow_up(follow_up.id, who)
        except StoreError as error:
            window.status.setText(str(error))
            return
        self._remember_done(None)
        self._refresh(
            customer_id, f"Open again: {follow_up.kind.label.lower()}, put back by {who.name}."
        )
        self.follow_up_reopened.emit(follow_up.id)

    # -- slots --

    def _on_window_customer_recognised(self, customer_id: int) -> None:
        if self._last_done is not None and self._last_done[0] != customer_id:
            self._last_done = None  # another card: Ctrl+Z no longer puts anything back
        if self._looked_up != customer_id:
            self._looked_up = None  # drawn again (a note saved), it is still a look-up
        self._on_screen = customer_id
        self._typed_over = None
        self._offer_keys()  # also as the file can be written or not (a backup restored)

    def _on_pages_current_changed(self, index: int) -> None:
        window = self._window
        page = window.pages.widget(index)
        if page is window.card:
            return
        listed = page is not None and page.isAncestorOf(window.candidates)
        # Names typed over the card, which the search box can undo (a till's list empties it).
        shown, self._on_screen, self._typed_over = self._on_screen, None, None
        if listed and shown is not None and window.search.isUndoAvailable():
            looked_up = self._looked_up == shown
            self._typed_over = TypedOver(shown, looked_up, self._last_done, window.search.given)
        if listed or page is window.idle:
            self._looked_up = None  # hidden or locked, the card is only covered
        self._remember_done(None)

    def _on_search_typing_undone(self) -> None:
        """Ctrl+Z took back all that was typed in the search box: over a card, what was said
        about it goes; over the list it brought up, the card it replaced comes back, and the
        next Ctrl+Z puts back the follow-up marked done there."""
        window, back, self._typed_over = self._window, self._typed_over, None
        if window.pages.currentWidget() is window.card:
            window.status.setText("")  # "Press Enter to look up…" was about the typing
            return
        if (
            back is None
            or back.search_given != window.search.given  # the till has put text there since
            or not window.counter.store.customers.exists(back.customer_id)  # erased since
        ):
            window.search.settle()  # searched, as any other change to the box is
            return
        window.show_customer(back.customer_id, looked_up=back.looked_up)
        if window.current_customer == back.customer_id:  # not locked meanwhile
            self._looked_up = back.customer_id if back.looked_up else None
            self._remember_done(back.done)
