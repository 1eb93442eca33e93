"""Copies that bypass the whitelist are wiped — on a real X server.

Clipboard ownership is a property of a real windowing system (the offscreen platform never
owns the clipboard), so this test runs a small Qt program on the ``xcb`` platform under its
own ``xvfb-run``: Ctrl+C in a results-like table and a selectable label's copy must not
leave the child's name on the clipboard or in X11's primary selection, while a whitelisted
copy through ``ClipboardGuard.copy`` still works.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

SECRET = "ZZSENTINEL-clipboard-7a1c"

PROGRAM = textwrap.dedent(f"""
    import sys
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QClipboard, QStandardItem, QStandardItemModel
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QLabel, QTableView
    from cpdesk.ui.common.clipboard import ClipboardGuard

    app = QApplication(sys.argv)
    clipboard = app.clipboard()
    guard = ClipboardGuard(clipboard, clear_after_ms=60_000)
    table = QTableView()
    model = QStandardItemModel()
    model.appendRow([QStandardItem("{SECRET}")])
    table.setModel(model)
    table.show()
    QTest.qWaitForWindowExposed(table)
    table.setCurrentIndex(model.index(0, 0))
    QTest.keyClick(table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    app.processEvents()
    print("after-table-copy:", clipboard.text())
    clipboard.setText("{SECRET}")
    app.processEvents()
    print("after-direct-copy:", clipboard.text())
    label = QLabel("{SECRET}")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.show()
    QTest.qWaitForWindowExposed(label)
    label.setSelection(0, len("{SECRET}"))
    clipboard.setText("{SECRET}", QClipboard.Mode.Selection)
    app.processEvents()
    print("selection:", clipboard.text(QClipboard.Mode.Selection))
    print("whitelisted:", guard.copy("phone", "07700 900123"), clipboard.text())
    guard.clear_now()
    print("after-clear:", clipboard.text())
""")


def test_copies_outside_the_whitelist_are_wiped_on_a_real_x_server(tmp_path: Path) -> None:
    script = tmp_path / "clipboard_probe.py"
    script.write_text(PROGRAM)
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb",
           "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    result = subprocess.run(
        ["xvfb-run", "-a", sys.executable, str(script)],
        env=env, capture_output=True, text=True, timeout=60, check=False)
    out = result.stdout
    assert result.returncode == 0, result.stderr[-2000:]
    lines = dict(line.split(":", 1) for line in out.splitlines() if ":" in line)
    assert SECRET not in lines["after-table-copy"]
    assert SECRET not in lines["after-direct-copy"]
    assert SECRET not in lines["selection"]
    assert lines["whitelisted"].strip() == "True 07700 900123"
    assert lines["after-clear"].strip() == ""
