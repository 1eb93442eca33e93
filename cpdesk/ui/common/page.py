"""The frame every list page shares: a title, its own controls, Refresh, a note and a message
line above the content, and a list beside a detail panel.

My activity, the access review, the manager queue, the shielding page and the audit review
are built on it, so a page's header reads and behaves the same everywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cpdesk.ui.common.widgets import button, label


@dataclass(frozen=True, slots=True)
class PageHeader:
    refresh_button: QPushButton
    message: QLabel  # hidden until there is something to say


def page_header(layout: QVBoxLayout, *, name: str, title: str, note: str,
                refresh: Callable[[], None], refresh_text: str | None = None,
                controls: Sequence[QWidget] = ()) -> PageHeader:
    """Title (and ``controls``) with Refresh on one line, then the note and the message line,
    added to ``layout``; object names start with ``name`` (``{name}Refresh``...)."""
    layout.setContentsMargins(24, 16, 24, 16)
    top = QHBoxLayout()
    heading = label(title, "pageTitle", wrap=False)
    top.addWidget(heading, 1)
    for widget in controls:
        top.addWidget(widget)
    text = refresh_text or QCoreApplication.translate("ListPage", "&Refresh")
    refresh_button = button(QPushButton, text, f"{name}Refresh", QCoreApplication.translate(
        "ListPage", "Refresh: {title}").format(title=title), refresh)
    top.addWidget(refresh_button)
    layout.addLayout(top)
    layout.addWidget(label(note, "pageSubtitle"))
    message = label("", f"{name}Message", selectable=True)
    message.hide()
    layout.addWidget(message)
    return PageHeader(refresh_button, message)


def list_and_detail(listing: QWidget, detail: QWidget) -> QSplitter:
    """The list on the left, the selected item's detail on the right."""
    splitter = QSplitter(Qt.Orientation.Horizontal)
    splitter.setChildrenCollapsible(False)
    splitter.addWidget(listing)
    splitter.addWidget(detail)
    splitter.setSizes([760, 480])
    return splitter


def detail_frame(name: str, accessible: str) -> tuple[QFrame, QVBoxLayout, QLabel]:
    """An empty detail panel: its frame, layout and (selectable) title line."""
    frame = QFrame()
    frame.setObjectName(name)
    frame.setAccessibleName(accessible)
    box = QVBoxLayout(frame)
    box.setContentsMargins(16, 8, 8, 8)
    title = label("", f"{name}Title", selectable=True)
    box.addWidget(title)
    return frame, box, title
