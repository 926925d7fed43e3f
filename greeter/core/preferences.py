"""Preferences as typed in F4: one value per label, and saying what a save replaces."""

from __future__ import annotations

from collections.abc import Iterable

from greeter.core.models import Preference
from greeter.core.text import clean_text, quoted


def clean_label(label: str) -> str:
    """As stored and shown: "shoe size" → "Shoe size"."""
    label = clean_text(label)
    return label[:1].upper() + label[1:]


def same_label(
    preferences: Iterable[Preference], label: str, besides: int | None = None
) -> Preference | None:
    """The preference already held under `label` (case aside), other than `besides`; the
    latest if there are several."""
    key = clean_text(label).casefold()
    found = [p for p in preferences if p.label.casefold() == key and p.id != besides]
    return max(found, key=lambda p: (p.updated, p.id), default=None)


def shown(label: str, value: str) -> str:
    """A preference as the messages quote it: “Théo likes: dinosaur stickers”. Quoted whole,
    so a label that reads like a verb ("Théo likes") is not taken for part of the sentence."""
    return quoted(f"{label}: {value}")


def label_taken(held: Preference) -> str:
    """Why another preference cannot take `held`'s label."""
    return f"There is already {shown(held.label, held.value)}. Change that one, or remove it first."


def before_saving(
    preferences: Iterable[Preference], label: str, value: str, editing: Preference | None
) -> str:
    """What saving will do to what the customer already has, said before it happens; empty
    when it only adds."""
    value = clean_text(value)
    if editing is not None:
        other = same_label(preferences, label, besides=editing.id)
        if other:
            return label_taken(other)
        was = shown(editing.label, editing.value)
        renamed = clean_label(label)
        if renamed and renamed.casefold() != editing.label.casefold():
            return f"Changing {was} into {quoted(renamed)}."
        return f"Changing {was}."
    held = same_label(preferences, label)
    if held is None:
        return ""
    now = shown(held.label, held.value)
    if value == held.value:
        return f"Already {now}."
    if not value:
        return f"Now {now}. The value you type replaces it."
    return f"Now {now}. Enter changes it to {quoted(value)}."


def after_saving(old: Preference | None, label: str, value: str) -> str:
    """What was saved, and the value it replaced. The same label in another case is the old
    label, kept as it was (as the store keeps it)."""
    label, value = clean_label(label), clean_text(value)
    if old is not None:  # a change left blank keeps what was there
        label, value = label or old.label, value or old.value
        if label.casefold() == old.label.casefold():
            label = old.label
    if old is None or (old.label, old.value) == (label, value):
        return f"Saved {shown(label, value)}."
    if old.label == label:
        return f"Changed {shown(old.label, old.value)} to {quoted(value)}."
    return f"Changed {shown(old.label, old.value)} to {shown(label, value)}."
