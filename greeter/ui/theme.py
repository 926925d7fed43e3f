"""Applying Greeter's stylesheet and building the small labelled pieces every panel uses."""

from __future__ import annotations

from collections.abc import Mapping
from importlib.resources import files

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QProgressBar, QVBoxLayout, QWidget

from greeter.ui.wrapping import WrappingLabel

# Something wrong, where the stylesheet cannot reach it (a cell of a table): its "problem"
# red text on the pale red of the Import window's list of bad rows.
PROBLEM_TEXT = QColor("#A12A1E")
PROBLEM_BACKGROUND = QColor("#FDECEA")


def apply_theme(app: QApplication) -> None:
    app.setStyle("Fusion")
    app.setStyleSheet((files("greeter.resources") / "theme.qss").read_text(encoding="utf-8"))


def plain_label(text: str = "", name: str = "", wrap: bool = False) -> QLabel:
    """A label that never interprets customer data as HTML (a name like <b>Bob</b>); one that
    wraps does so inside a word too long for its line as well (a URL, a file's path)."""
    if wrap:
        return WrappingLabel(text, name)
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if name:
        label.setObjectName(name)
    return label


def notice_layout(notice: QWidget, title: str) -> QVBoxLayout:
    """The layout of a notice that something is under way (an upgrade, an import's lock),
    its title already in it."""
    notice.setObjectName("notice")
    layout = QVBoxLayout(notice)
    layout.setContentsMargins(32, 28, 32, 28)
    layout.setSpacing(12)
    layout.addWidget(plain_label(title, "noticeTitle", wrap=True))
    return layout


def busy_bar(what: str) -> QProgressBar:
    """A bar that moves while `what` goes on, for how long is not known."""
    bar = QProgressBar()
    bar.setObjectName("noticeProgress")
    bar.setRange(0, 0)
    bar.setTextVisible(False)
    bar.setAccessibleName(what)
    return bar


def restyle(widget: QWidget) -> None:
    """Re-read the stylesheet after a dynamic property used by a selector changed."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def set_style_properties(
    widget: QWidget, properties: Mapping[str, object], *dependents: QWidget
) -> None:
    """Set properties that stylesheet selectors read, and re-read the stylesheet for the
    widget and the `dependents` whose selectors name it, only if a value really changed:
    re-reading costs as much as building the widget."""
    changed = False
    for name, value in properties.items():
        if widget.property(name) != value:
            widget.setProperty(name, value)
            changed = True
    if changed and widget.testAttribute(Qt.WidgetAttribute.WA_WState_Polished):
        for each in (widget, *dependents):
            restyle(each)


class Section(QFrame):
    """A white rounded panel with a small-caps title."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("section")
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(16, 12, 16, 14)
        self.body.setSpacing(8)
        self.title = plain_label(title.upper(), "sectionTitle")
        self.body.addWidget(self.title)
