"""What "shown" means in the GUI benchmarks: painted, not only made and laid out.

The record area paints a record in a later event-loop turn than the one that puts it on screen
(issue 18: the two are not one stall), so a benchmark that stopped its clock when the record
view became current, or after one ``processEvents()``, could stop it before the paint, and
the next step could even replace the record before it was ever drawn. :class:`PaintWatch`
counts the paint events a widget receives; a step waits until its count has moved.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget


class PaintWatch(QObject):
    """Counts the paint events *widget* receives (an event filter; it changes nothing)."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.paints = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False
