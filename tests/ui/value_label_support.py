"""Issue 19: a value a sighted user reads is readable through the accessibility tree with what
it is: its accessible name is the value, its description says what it is, and (where the
caption is a label) it is labelled by that caption. One check for every panel of values."""

from __future__ import annotations

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QLabel, QWidget

_TEXT = QAccessible.Text


def value_label_problems(root: QWidget, names: set[str]) -> list[str]:
    """What is wrong with the shown labels under *root* whose object name is in *names*."""
    problems: list[str] = []
    found = [w for w in root.findChildren(QLabel) if w.objectName() in names
             and w.isVisible() and w.text()]
    if not found:
        return [f"no shown value label among {sorted(names)}"]
    for value in found:
        where = f"{value.objectName()} {value.text()!r}"
        iface = QAccessible.queryAccessibleInterface(value)
        assert iface is not None
        if iface.text(_TEXT.Name) != value.text():
            problems.append(f"{where} is named {iface.text(_TEXT.Name)!r}, not its value")
        if not iface.text(_TEXT.Description):
            problems.append(f"{where} has no description (its caption)")
        labels = [other.object() for other, _ in iface.relations(QAccessible.RelationFlag.Label)]
        if not any(isinstance(caption, QLabel) and caption.buddy() is value
                   for caption in labels):
            problems.append(f"{where} is labelled by no caption")
    return problems
