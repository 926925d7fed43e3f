"""Every page and dialog fits the smallest screen Greeter runs on (1024×600, less a task bar)
and the narrow panel beside the till (430 pixels): nothing cut off, buttons always in view,
long names shortened or wrapped, and no window title naming a customer."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, QSize, Qt
from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from greeter.core.customer_form import CustomerDraft
from greeter.core.models import Staff
from greeter.counter import Counter
from greeter.store import Store
from greeter.ui.customer_dialog import CustomerDialog, CustomerEntry
from greeter.ui.facts_dialog import FactsDialog
from greeter.ui.import_dialog import ImportDialog, for_the_window
from greeter.ui.main_window import MainWindow
from greeter.ui.merge_dialog import MergeDialog
from greeter.ui.privacy_dialogs import EraseDialog, ErasurePreview, ExportFolderDialog
from greeter.ui.screen_fit import TITLE_BAR, room_on_screen
from tests.helpers import TODAY
from tests.till.csv_files import write_csv

PANEL = 430  # the narrowest window Greeter supports, beside the till
# 1024×600, less a task bar and the dialog's own title bar.
SMALLEST = QSize(1024, 600 - 40 - TITLE_BAR)
LONG_NAME = "Maximiliana-Alexandrina Wolfeschlegelsteinhausenbergerdorffer"
LONG_STAFF = "Anna-Katharina Oberndorfer-Schwarzenbach"


def visible_text(widget: QWidget) -> str:
    return " ".join(
        label.text() for label in widget.findChildren(QLabel) if label.isVisibleTo(widget)
    )


def smallest_size(widget: QWidget) -> QSize:
    """How small the window system may make it: its minimum size, or its layout's."""
    return widget.minimumSize().expandedTo(widget.minimumSizeHint())


def assert_fits(dialog: QWidget, window: MainWindow, qtbot: QtBot, *, widest: int) -> None:
    """Open it over `window`: no wider than `widest`, within the screen, all its buttons whole
    inside it; and it could shrink to the smallest screen, and (if `widest` is the panel's
    width) to the panel beside the till."""
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    room = room_on_screen(dialog)
    assert dialog.width() <= min(widest, room.width())
    assert dialog.height() <= room.height()
    smallest = smallest_size(dialog)
    assert smallest.height() <= SMALLEST.height()
    assert smallest.width() <= min(widest, SMALLEST.width())
    for button in dialog.findChildren(QPushButton):
        if button.isVisible():
            corner = button.mapTo(dialog, QPoint(button.width(), button.height()))
            assert corner.x() <= dialog.width() and corner.y() <= dialog.height(), button.text()


@pytest.fixture
def owner(store: Store, staff_id: int) -> Staff:
    return next(s for s in store.staff.all() if s.id == staff_id)


@pytest.fixture
def panel(window: MainWindow) -> MainWindow:
    """The window as a narrow panel beside the till."""
    window.resize(PANEL, 760)
    return window


def erasure(lines: int) -> ErasurePreview:
    removed = tuple(f"Notes, with every earlier version: {n}" for n in range(lines))
    return ErasurePreview(17, "Siobhán", "Siobhán Ó Briain", removed, purchases=7)


# -- dialogs --


def test_erasing_fits_the_panel_and_a_short_screen_with_erase_in_view(
    qtbot: QtBot, panel: MainWindow
) -> None:
    dialog = EraseDialog(erasure(40), panel)  # far more than a screen's height

    assert_fits(dialog, panel, qtbot, widest=PANEL)
    assert dialog.body.verticalScrollBar().maximum() > 0  # what goes scrolls, Erase stays
    assert dialog.confirm.isVisible()
    assert dialog.windowTitle() == "Erase a customer"


def test_a_new_customer_fits_the_panel_and_a_short_screen(qtbot: QtBot, panel: MainWindow) -> None:
    dialog = CustomerDialog("CA", None, "", panel)
    assert_fits(dialog, panel, qtbot, widest=PANEL)
    assert dialog.save.isVisible()


def test_editing_a_long_name_wraps_its_heading_shows_fields_from_their_start_and_names_nobody(
    qtbot: QtBot, window: MainWindow
) -> None:
    """The title (the task bar, Alt+Tab, a shared screen) never names the customer; the body
    does, wrapped; the dialog is as wide whatever the name; each field shows its start."""
    widths = []
    for name in ("Siobhán", LONG_NAME):
        dialog = CustomerDialog("CA", None, name, window)
        full = f"{name} von Lichtenstein-Habsburg"
        dialog.fill(CustomerEntry(CustomerDraft(name, full, pronunciation=full)))
        assert_fits(dialog, window, qtbot, widest=720)
        assert name not in dialog.windowTitle() and dialog.windowTitle() == "Edit a customer"
        assert dialog.heading.text() == f"Details of {name}"
        assert dialog.heading.width() <= dialog.width() and dialog.heading.wordWrap()
        for field in ("preferred_name", "full_name", "pronunciation"):
            assert dialog.fields[field].cursorPosition() == 0, field  # its start in view
        widths.append(dialog.width())
        dialog.close()
    assert widths[0] == widths[1] == 720


def test_merging_fits_the_panel_and_its_title_names_nobody(
    qtbot: QtBot, panel: MainWindow, owner: Staff
) -> None:
    dialog = MergeDialog(1, "Siobhán", owner.name, lambda text: [], lambda other: {}, TODAY, panel)
    assert_fits(dialog, panel, qtbot, widest=PANEL)
    assert dialog.windowTitle() == "Merge a duplicate record"
    assert "Merge another record into Siobhán" in visible_text(dialog)


def test_f4_fits_the_panel_with_every_section_s_tab_in_view(
    qtbot: QtBot, panel: MainWindow, store: Store, shop: dict[str, int], owner: Staff
) -> None:
    counter = Counter(store, today=lambda: TODAY)
    dialog = FactsDialog(counter, shop["lisa"], owner, panel)
    assert_fits(dialog, panel, qtbot, widest=PANEL)
    tabs = dialog.tabs.tabBar()
    assert tabs.sizeHint().width() <= dialog.tabs.width()  # no arrows to scroll the tabs
    assert tabs.tabText(0) == "Preferences" and tabs.tabToolTip(0) == "Alt+1"


def test_import_fits_a_short_screen_with_its_buttons_in_view(
    qtbot: QtBot, window: MainWindow, store: Store, owner: Staff, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "customers.csv", ["First Name", "Email"], [["Ada", "a@b.org"]])
    window.resize(PANEL, 760)  # beside the till: the file's columns still get their width
    dialog = ImportDialog(store, owner, path, window)
    assert_fits(dialog, window, qtbot, widest=760)
    assert dialog.import_button.isVisible() and dialog.cancel_button.isVisible()
    dialog.reject()


def test_the_export_folder_picker_s_title_names_nobody(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    titles: list[str] = []

    def picker(parent: QWidget, title: str, start: str) -> str:
        titles.append(title)
        return str(tmp_path)

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(picker))
    assert ExportFolderDialog.ask(window, "Siobhán", tmp_path) == tmp_path
    assert titles == ["Choose a folder for the customer’s data"]


# -- the lock page and the top bar --


@pytest.fixture
def locked(qtbot: QtBot, store: Store, shop: dict[str, int], tmp_path: Path) -> MainWindow:
    """PINs on, a long name among the staff: the window opens locked."""
    for name in (LONG_STAFF, "Hélène Tremblay", "Liam", "Mei"):
        store.staff.add(name, "staff")
    store.auth.set_pin(store.staff.by_name("Priya").id, "2580")
    prefs = QSettings(str(tmp_path / "locked.ini"), QSettings.Format.IniFormat)
    window = MainWindow(Counter(store, today=lambda: TODAY), prefs)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    assert window.staff_actions.locked
    return window


def right_edge(widget: QWidget, window: MainWindow) -> int:
    return widget.mapTo(window, QPoint(widget.width(), 0)).x()


@pytest.mark.parametrize("size", [(PANEL, 600), (1024, 600), (PANEL, 900)])
def test_the_lock_page_fits_and_lists_whole_names(
    qtbot: QtBot, locked: MainWindow, size: tuple[int, int]
) -> None:
    locked.resize(*size)
    lock = locked.staff_actions.lock_panel
    staff = lock.staff
    qtbot.waitUntil(lambda: lock.width() == size[0])
    for part in (lock.hint, staff, lock.pin, lock.unlock):
        assert part.isVisible() and right_edge(part, locked) <= size[0]  # nothing cut off
    assert lock.unlock.mapTo(locked, QPoint(0, lock.unlock.height())).y() <= size[1]
    # No sideways scrolling: a long name ends in "…", whole on hover.
    assert staff.horizontalScrollBar().maximum() == 0
    long = staff.findItems(LONG_STAFF, Qt.MatchFlag.MatchStartsWith)[0]
    assert long.toolTip() == f"{LONG_STAFF}  ·  no PIN yet"
    # As many names as fit, each whole: never half a row at the bottom.
    margins = staff.contentsMargins()
    frame = margins.top() + margins.bottom()
    row = staff.sizeHintForRow(0)
    assert (staff.height() - frame) % row == 0
    shown = (staff.height() - frame) // row
    if size[1] > 800:  # room for everyone
        assert shown == staff.count() and staff.verticalScrollBar().maximum() == 0
    else:
        assert 2 <= shown < staff.count()


@pytest.fixture
def long_staff(store: Store, shop: dict[str, int]) -> str:
    store.staff.add(LONG_STAFF, "staff")
    return LONG_STAFF


def test_a_long_name_on_duty_ends_in_an_ellipsis_and_shows_whole_on_hover(
    qtbot: QtBot, long_staff: str, window: MainWindow
) -> None:
    for width in (PANEL, 1180):
        window.resize(width, 760)
        qtbot.waitUntil(lambda width=width: window.width() == width)
        window.on_duty.setCurrentIndex(window.on_duty.findText(LONG_STAFF))
        shown = window.on_duty.shown_text()
        assert shown.endswith("…") and LONG_STAFF.startswith(shown[:-1]), shown
        assert window.on_duty.toolTip() == LONG_STAFF
    window.on_duty.setCurrentIndex(window.on_duty.findText("Priya"))
    assert window.on_duty.shown_text() == "Priya" and window.on_duty.toolTip() == ""


def test_the_hide_button_says_show_while_the_screen_is_hidden(
    qtbot: QtBot, window: MainWindow
) -> None:
    button = window.hide_button
    assert (button.text(), button.isChecked()) == ("Hide", False)
    qtbot.keyClick(window.search, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    assert (button.text(), button.isChecked()) == ("Show", True)
    assert button.toolTip().startswith("Show the screen again")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # pressing it shows the screen
    assert (button.text(), button.isChecked()) == ("Hide", False)
    assert button.toolTip().startswith("Hide all personal data")

    window.set_private(True)
    assert button.text() == "Show"
    window.look_up("BG-1")  # a scan ends Hide: the card shows, and the button says Hide
    assert window.current_customer is not None
    assert (button.text(), button.isChecked()) == ("Hide", False)


# -- the Import window's lists and bad rows --


def test_the_import_lists_show_readable_names_and_the_command_line_s_in_their_tips(
    qtbot: QtBot, store: Store, owner: Staff, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "customers.csv", ["First Name", "Surname", "E-mail"], [["Ada", "B", "a@b.c"]]
    )
    dialog = ImportDialog(store, owner, path)
    qtbot.addWidget(dialog)
    combos = dialog.table.combos
    assert [c.currentText() for c in combos] == ["First name", "Last name", "Email address"]
    assert [c.currentData() for c in combos] == ["first_name", "last_name", "email"]
    tip = combos[1].itemData(combos[1].currentIndex(), Qt.ItemDataRole.ToolTipRole)
    assert tip == 'last name (surname)\nOn the command line: --map "Surname=last_name"'
    dialog.reject()


def checked_dialog(qtbot: QtBot, dialog: ImportDialog) -> ImportDialog:
    qtbot.addWidget(dialog)
    dialog.resize(700, dialog.height())
    with qtbot.waitExposed(dialog):
        dialog.show()
    job = dialog.check_now()
    assert job is not None
    with qtbot.waitSignal(job.finished, timeout=10_000):
        pass
    return dialog


def test_bad_rows_are_shown_in_whole_lines_never_one_cut_mid_line(
    qtbot: QtBot, store: Store, owner: Staff, tmp_path: Path
) -> None:
    """The first problem takes one line, the others two: the box ends between two rows."""
    rows = [["Ana", "not-an-email", ""]]
    rows += [[f"Name{n}", f"n{n}@example.org", f"{13 + n}/{13 + n}/1990"] for n in range(5)]
    path = write_csv(tmp_path / "customers.csv", ["First Name", "Email", "Birthday"], rows)
    dialog = checked_dialog(qtbot, ImportDialog(store, owner, path))

    problems = dialog.outcome.problems
    line = problems.fontMetrics().lineSpacing()
    heights = [problems.visualItemRect(problems.item(n)).height() for n in range(6)]
    assert heights[0] < 2 * line <= heights[1]  # one line, then two
    bottom = problems.viewport().height()
    for n in range(problems.count()):
        rect = problems.visualItemRect(problems.item(n))
        assert rect.bottom() < bottom or rect.top() >= bottom, n  # wholly in view, or not
    assert problems.verticalScrollBar().maximum() > 0  # the rest a scroll away
    dialog.reject()


def test_a_date_that_is_not_real_says_how_the_shop_reads_dates_in_words(
    qtbot: QtBot, store: Store, owner: Staff, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "customers.csv", ["First Name", "Birthday"], [["Ana", "13/13/1990"]]
    )
    dialog = checked_dialog(qtbot, ImportDialog(store, owner, path))

    said = dialog.outcome.problems.item(0).text()
    assert said == (
        "line 2, column Birthday: “13/13/1990” is not a real date: there is no month 13 (read "
        "as month/day/year: the shop reads dates month first (MDY), as its date_order setting "
        "says)"
    )
    dialog.reject()


def test_a_refusal_names_the_list_s_choice_as_the_list_shows_it() -> None:
    refused = (
        "No column of this file holds a date (columns: Ref, Item). "
        'Name the right one with --map "Column=date".'
    )
    assert for_the_window(refused) == (
        "No column of this file holds a date (columns: Ref, Item). "
        "Choose “Date” in the list beside the column that holds it."
    )
