"""The one way a screen says something out loud: an accessibility announcement.

``announce(widget, text)`` sends Qt's ``QAccessibleAnnouncementEvent`` from the widget that
shows the text (an error label, the search message, the record's status line…). On Linux the
AT-SPI bridge turns it into ``object:announcement`` (at-spi2-core 2.46 delivers it; Orca 45 and
later speak it); on Windows Qt raises a UI Automation notification (Narrator and NVDA speak it).
Errors are ``assertive`` (they interrupt), status changes polite.

Only text a sighted user sees at the same moment is announced, and never a secret: the text
is the label's own. Nothing is sent while accessibility is off (no assistive technology).
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PySide6.QtCore import QObject


@cache
def _announcement() -> Any:
    """Qt 6.8 brought the announcement event; with 6.7 (the oldest PySide6 cpdesk allows)
    nothing is spoken, and the text is still on screen in a label a screen reader can read.
    Looked up on the first announcement, not at start: making PySide's QAccessible classes
    (their enums) is ~3 ms of the sign-in window's start (issue 18: cold start)."""
    from PySide6 import QtGui

    return getattr(QtGui, "QAccessibleAnnouncementEvent", None)


def announce(source: QObject, text: str, *, assertive: bool = False) -> None:
    """Ask the screen reader to speak ``text`` (shown on screen by ``source`` or near it)."""
    text = text.strip()
    if not text:
        return
    from PySide6.QtGui import QAccessible

    announcement = _announcement()
    if announcement is None or not QAccessible.isActive():
        return
    event = announcement(source, text)
    event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive if assertive
                        else QAccessible.AnnouncementPoliteness.Polite)
    QAccessible.updateAccessibility(event)
