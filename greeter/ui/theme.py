"""Applying Greeter's stylesheet and building the small labelled pieces every panel uses."""

from __future__ import annotations

from collections.abc import Mapping
from importlib.resources import files

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLabel,
    QProgressBar,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from greeter.ui.wrapping import WrappingLabel

# Something wrong, where the stylesheet cannot reach it (a cell of a table): its "problem"
# red text on the pale red of the Import window's list of bad rows.
PROBLEM_TEXT = QColor("#A12A1E")
PROBLEM_BACKGROUND = QColor("#FDECEA")


Role = QPalette.ColorRole
INK = "#1E2326"  # the stylesheet's text
GREYED = "#9A948A"  # the stylesheet's text that cannot be used now
# Greeter's light colours for what the stylesheet leaves to the palette: a radio button's dot
# and a box's tick on white, buttons, tabs, menus, a date, a tooltip. Every role is set, so a
# dark desktop theme reaches none of them (QA saw its black boxes under our dark ink). Where
# the stylesheet says nothing, Fusion's own light colours, so a light desktop sees no change.
LIGHT = {
    Role.Window: "#EFEFEF",
    Role.WindowText: INK,
    Role.Base: "#FFFFFF",
    Role.AlternateBase: "#F7F7F7",
    Role.Text: INK,
    Role.PlaceholderText: "#801E2326",  # the ink at half strength
    Role.Button: "#EFEFEF",
    Role.ButtonText: INK,
    Role.BrightText: "#FFFFFF",
    Role.Light: "#FFFFFF",
    Role.Midlight: "#CACACA",
    Role.Mid: "#B8B8B8",
    Role.Dark: "#9F9F9F",
    Role.Shadow: "#767676",
    Role.Highlight: "#0E6B66",
    Role.HighlightedText: "#FFFFFF",
    Role.Accent: "#0E6B66",
    Role.Link: "#0000FF",
    Role.LinkVisited: "#FF00FF",
    Role.ToolTipBase: "#FFFFDC",
    Role.ToolTipText: INK,
}
DISABLED = LIGHT | {
    Role.WindowText: GREYED,
    Role.Text: GREYED,
    Role.ButtonText: GREYED,
    Role.PlaceholderText: "#809A948A",
    Role.Base: "#EFEFEF",
    Role.Dark: "#BEBEBE",
    Role.Shadow: "#B1B1B1",
    Role.Highlight: "#919191",
    Role.Accent: "#919191",
}


def light_palette() -> QPalette:
    palette = QPalette()
    Group = QPalette.ColorGroup
    for group, colours in (
        (Group.Active, LIGHT),
        (Group.Inactive, LIGHT),
        (Group.Disabled, DISABLED),
    ):
        for role, colour in colours.items():
            palette.setColor(group, role, QColor(colour))
    return palette


def apply_theme(app: QApplication) -> None:
    """Greeter's own light look, whatever the desktop's theme (a dark one included)."""
    app.setStyle("Fusion")
    palette = light_palette()
    app.setPalette(palette)  # also drops the desktop's own for menus, buttons, tabs…
    QToolTip.setPalette(palette)  # tooltips keep one apart
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
