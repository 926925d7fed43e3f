"""On a desktop with a dark theme Greeter keeps its own light look: the note and follow-up
dialogs, the ⋯ menu and F4 read dark on light, exactly as on a light desktop. (QA saw every
radio button filled, the Due box a black square, Save and Cancel dark on dark grey, the menu
dark on near-black, three of F4's four tab titles and its captions gone.)"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialogButtonBox,
    QLabel,
    QRadioButton,
    QStyle,
    QStyleOptionButton,
    QToolTip,
    QWidget,
)
from pytestqt.qtbot import QtBot

from greeter.store import Store
from greeter.ui.facts_dialog import FactsDialog
from greeter.ui.follow_up_dialog import FollowUpDialog
from greeter.ui.main_window import MainWindow
from greeter.ui.note_dialog import NoteDialog
from greeter.ui.theme import apply_theme
from tests.helpers import TODAY

# Opening the ⋯ menu on the offscreen platform says so; it is not a problem of ours.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")

Role = QPalette.ColorRole
# A dark desktop theme's colours, as such a theme hands them to Qt.
DARK = {
    Role.Window: "#202124",
    Role.WindowText: "#E8EAED",
    Role.Base: "#121212",
    Role.AlternateBase: "#2A2A2A",
    Role.Text: "#E8EAED",
    Role.Button: "#303134",
    Role.ButtonText: "#E8EAED",
    Role.ToolTipBase: "#303134",
    Role.ToolTipText: "#E8EAED",
    Role.PlaceholderText: "#9AA0A6",
    Role.Highlight: "#8AB4F8",
    Role.HighlightedText: "#000000",
    Role.Light: "#505050",
    Role.Midlight: "#404040",
    Role.Mid: "#282828",
    Role.Dark: "#101010",
    Role.Shadow: "#000000",
}
# The kinds of widget a desktop theme gives palettes of their own.
THEMED_KINDS = ("QAbstractButton", "QCheckBox", "QRadioButton", "QMenu", "QTabBar", "QLabel")
AA = 4.5  # WCAG AA for text of its size


def go_dark(app: QApplication) -> None:
    """The desktop's theme turns dark, as Qt has it before Greeter starts; then Greeter
    starts (applies its theme)."""
    dark = QPalette()
    for role, colour in DARK.items():
        dark.setColor(role, QColor(colour))
    app.setPalette(dark)
    for kind in THEMED_KINDS:
        app.setPalette(dark, kind)
    QToolTip.setPalette(dark)
    apply_theme(app)


@pytest.fixture
def dark_desktop(qapp: QApplication) -> Iterator[None]:
    before, tooltips = qapp.palette(), QToolTip.palette()
    go_dark(qapp)
    yield
    qapp.setPalette(before)  # drops the kinds' palettes too
    QToolTip.setPalette(tooltips)


def contrast(one: QColor, other: QColor) -> float:
    """WCAG's contrast ratio of two colours: 1 (the same) to 21 (black on white)."""

    def luminance(colour: QColor) -> float:
        def linear(channel: int) -> float:
            c = channel / 255
            return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

        r, g, b = (linear(c) for c in (colour.red(), colour.green(), colour.blue()))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def assert_reads(widget: QWidget, text: Role, background: Role, what: str) -> None:
    palette = widget.palette()
    ratio = contrast(palette.color(text), palette.color(background))
    assert ratio >= AA, f"{what}: {text.name} on {background.name} is only {ratio:.1f}:1"


def indicator_inks(button: QAbstractButton) -> tuple[int, int]:
    """The darkest and lightest pixel (lightness 0-255) inside the round or square box of a
    radio button or check box, as drawn: its dot or tick, and its paper."""
    option = QStyleOptionButton()
    option.initFrom(button)
    element = (
        QStyle.SubElement.SE_RadioButtonIndicator
        if isinstance(button, QRadioButton)
        else QStyle.SubElement.SE_CheckBoxIndicator
    )
    box = button.style().subElementRect(element, option, button).adjusted(3, 3, -3, -3)
    image = button.grab().toImage()
    seen = [
        QColor(image.pixel(x, y)).lightness()
        for x in range(box.left(), box.right() + 1)
        for y in range(box.top(), box.bottom() + 1)
    ]
    return min(seen), max(seen)


def assert_marked_only_when_chosen(button: QAbstractButton) -> None:
    darkest, lightest = indicator_inks(button)
    assert lightest > 200, f"{button.text()!r}: its box is dark"
    if button.isChecked():
        assert darkest < 100, f"{button.text()!r} is chosen but shows no mark"
    else:
        assert darkest > 200, f"{button.text()!r} is not chosen but looks it"


def tooltip_inks(widget: QWidget) -> tuple[int, int]:
    """The lightness of the paper (the commonest pixel) and of the darkest pixel of the
    widget's tooltip, as drawn."""
    QToolTip.showText(widget.mapToGlobal(QPoint(4, 4)), widget.toolTip(), widget)
    try:
        tip = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "qtooltip_label")
        image = tip.grab().toImage()
    finally:
        QToolTip.hideText()
    seen = [
        QColor(image.pixel(x, y)).lightness()
        for x in range(image.width())
        for y in range(image.height())
    ]
    return max(set(seen), key=seen.count), min(seen)


def note_and_follow_up(qtbot: QtBot) -> tuple[NoteDialog, FollowUpDialog]:
    note = NoteDialog("Zoë", "Priya")
    follow_up = FollowUpDialog("Zoë", "Priya", TODAY)
    for dialog in (note, follow_up):
        qtbot.addWidget(dialog)
        with qtbot.waitExposed(dialog):
            dialog.show()
    note.pinned.setChecked(True)
    return note, follow_up


def facts(qtbot: QtBot, window: MainWindow, store: Store, lisa: int) -> FactsDialog:
    dialog = FactsDialog(window.counter, lisa, store.staff.by_name("Priya"), window)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    return dialog


def captions(dialog: FactsDialog) -> list[QLabel]:
    page = dialog.tabs.widget(0)
    assert page is not None
    return [label for label in page.findChildren(QLabel) if label.text() in ("Label", "Value")]


def open_menu(qtbot: QtBot, window: MainWindow) -> QImage:
    """The ⋯ menu as staff see it once it opens."""
    menu = window.more_menu
    menu.popup(window.mapToGlobal(QPoint(40, 40)))
    qtbot.waitUntil(menu.isVisible)
    try:
        return menu.grab().toImage()
    finally:
        menu.close()


def test_on_a_dark_desktop_the_note_and_follow_up_dialogs_read_dark_on_light(
    qtbot: QtBot, dark_desktop: None
) -> None:
    note, follow_up = note_and_follow_up(qtbot)

    for button in [*note.kinds.buttons(), note.pinned, *follow_up.kinds.buttons()]:
        assert_marked_only_when_chosen(button)
    assert_marked_only_when_chosen(follow_up.has_due)  # ticked
    follow_up.has_due.setChecked(False)
    assert_marked_only_when_chosen(follow_up.has_due)
    for state in (False, True):  # greyed while not due, then due again
        follow_up.has_due.setChecked(state)
        assert_reads(follow_up.due, Role.Text, Role.Base, "the due date")
    paper, ink = tooltip_inks(follow_up.due)  # which dates it takes
    assert paper > 200 and ink < 100, "the due date's tooltip is not dark on light"
    save = follow_up.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert not save.isEnabled()  # nothing typed yet: greyed, on a light face
    assert save.palette().color(Role.Button).lightness() > 200
    qtbot.keyClicks(note.editor, "Her toddler loves the dinosaur stickers")
    qtbot.keyClicks(follow_up.text, "Call when the blue kettle arrives")
    for dialog in (note, follow_up):
        for button in dialog.buttons.buttons():
            assert button.isEnabled()
            assert_reads(button, Role.ButtonText, Role.Button, button.text())


def test_on_a_dark_desktop_the_more_menu_and_f4_read_dark_on_light(
    qtbot: QtBot, dark_desktop: None, window: MainWindow, store: Store, shop: dict[str, int]
) -> None:
    window.find("BG-1")
    dialog = facts(qtbot, window, store, shop["lisa"])

    assert_reads(window.more_menu, Role.Text, Role.Base, "the ⋯ menu")
    tabs = dialog.tabs.tabBar()
    assert tabs.count() == 4
    assert_reads(tabs, Role.WindowText, Role.Window, "F4's tab titles")
    assert_reads(tabs, Role.WindowText, Role.Button, "F4's tab titles")
    shown = captions(dialog)
    assert [label.text() for label in shown] == ["Label", "Value"]
    for label in shown:
        ratio = contrast(
            label.palette().color(Role.WindowText), dialog.tabs.palette().color(Role.Window)
        )
        assert ratio >= AA, f"{label.text()}: only {ratio:.1f}:1 on its page"
    menu = open_menu(qtbot, window)
    paper = QColor(menu.pixel(menu.width() // 2, 3))  # above its first entry
    assert paper.lightness() > 200


def test_greeter_looks_the_same_on_a_dark_desktop_as_on_a_light_one(
    qtbot: QtBot,
    qapp: QApplication,
    window: MainWindow,
    store: Store,
    shop: dict[str, int],
) -> None:
    """Pixel for pixel, for everything QA found unreadable; on the light desktop (the test
    platform's) the boxes are white, a chosen one marked: the look Greeter always had."""
    window.find("BG-1")

    def drawn(light_look: bool) -> dict[str, QImage]:
        note, follow_up = note_and_follow_up(qtbot)
        f4 = facts(qtbot, window, store, shop["lisa"])
        widgets: dict[str, QWidget] = {
            "the due date": follow_up.due,
            "Due": follow_up.has_due,
            "Pin": note.pinned,
            "F4's tabs": f4.tabs.tabBar(),
        }
        widgets |= {f"follow-up {b.text()}": b for b in follow_up.kinds.buttons()}
        widgets |= {f"note {b.text()}": b for b in note.kinds.buttons()}
        widgets |= {f"note {b.text()}": b for b in note.buttons.buttons()}
        widgets |= {f"follow-up {b.text()}": b for b in follow_up.buttons.buttons()}
        widgets |= {f"F4 {label.text()}": label for label in captions(f4)}
        if light_look:
            for kind in follow_up.kinds.buttons():
                assert_marked_only_when_chosen(kind)
        images = {name: widget.grab().toImage() for name, widget in widgets.items()}
        for dialog in (note, follow_up, f4):
            dialog.close()
        # The window, as built before the desktop changed: its menu takes the new palettes
        # as one built after would.
        images["the ⋯ menu"] = open_menu(qtbot, window)
        return images

    light = drawn(light_look=True)
    before, tooltips = qapp.palette(), QToolTip.palette()
    try:
        go_dark(qapp)
        dark = drawn(light_look=False)
    finally:
        qapp.setPalette(before)
        QToolTip.setPalette(tooltips)
    assert light.keys() == dark.keys()
    differ = [name for name in light if light[name] != dark[name]]
    assert differ == []
