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

from PySide6 import QtGui
from PySide6.QtCore import QObject
from PySide6.QtGui import QAccessible

# Qt 6.8 brought the announcement event; with 6.7 (the oldest PySide6 cpdesk allows) nothing
# is spoken, and the text is still on screen in a label a screen reader can read.
_ANNOUNCEMENT = getattr(QtGui, "QAccessibleAnnouncementEvent", None)


def announce(source: QObject, text: str, *, assertive: bool = False) -> None:
    """Ask the screen reader to speak ``text`` (shown on screen by ``source`` or near it)."""
    text = text.strip()
    if not text or _ANNOUNCEMENT is None or not QAccessible.isActive():
        return
    event = _ANNOUNCEMENT(source, text)
    event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive if assertive
                        else QAccessible.AnnouncementPoliteness.Polite)
    QAccessible.updateAccessibility(event)
