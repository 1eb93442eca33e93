"""Signs in through the real client's screens in a process of its own, with any PKCS#11 module.

Run as ``python -m tests.realcard.signin_driver``, with the plan as JSON on stdin (the
password and PIN never go on the command line): ``server_url``, ``module``, ``username``,
``password``, ``pin`` and, when several cards are present, ``card`` (the start of the
picker's text for the user's card). It types the user name and password, picks the card
with the arrow keys when several are listed, types the PIN and presses Enter, then prints one
JSON line: ``{"signed_in": bool, "error": str}``.

A process of its own because a module such as p11-kit-proxy must not be loaded beside the
test process's own SoftHSM (one initialisation of a module per process).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QLineEdit

from cpdesk.app import build
from cpdesk.auth.session import State
from cpdesk.config import Settings


def wait_until(check: Callable[[], bool], timeout_s: float = 30) -> bool:
    deadline = time.monotonic() + timeout_s
    while not check():
        if time.monotonic() > deadline:
            return False
        QTest.qWait(10)
    return True


def run(plan: dict[str, Any]) -> dict[str, Any]:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    client = build(Settings(server_url=plan["server_url"], pkcs11_module=plan["module"],
                            profile="test"), app)
    window = client.window
    window.show()
    window.refresh()

    def find(kind: type[Any], name: str) -> Any:
        widget = window.findChild(kind, name)
        assert widget is not None, name
        return widget

    def type_into(widget: QLineEdit, text: str) -> None:
        wait_until(lambda: widget.isVisible() and widget.isEnabled()
                   and not window.signin_view.busy.isVisible())
        widget.setFocus()
        QTest.keyClicks(widget, text)
        QTest.keyClick(widget, Qt.Key.Key_Return)

    try:
        # Card first (issue 16): the cards are listed on the sign-in page, then password and
        # PIN together and one Enter.
        picker = find(QComboBox, "tokenPicker")
        controller = window.signin_view._controller
        wait_until(lambda: picker.count() > 0 and not controller.looking_for_cards)
        if picker.isVisible() and plan.get("card"):
            mine = next(i for i in range(picker.count())
                        if f"— {plan['card']}" in picker.itemText(i)
                        or picker.itemText(i).startswith(plan["card"]))
            picker.setFocus()
            while picker.currentIndex() < mine:
                QTest.keyClick(picker, Qt.Key.Key_Down)
            wait_until(lambda: not controller.looking_for_cards)
        username = find(QLineEdit, "signinUsername")
        if username.text() != plan["username"]:
            username.setText(plan["username"])
        errors = (find(QLabel, "signinError"), find(QLabel, "tokenError"))

        def error_text() -> str:
            return next((e.text() for e in errors if e.isVisible() and e.text()), "")

        password, pin = find(QLineEdit, "signinPassword"), find(QLineEdit, "signinPin")
        QTest.keyClicks(password, plan["password"])
        type_into(pin, plan["pin"])
        wait_until(lambda: window.session.state is State.ACTIVE
                   or (bool(error_text()) and not window.signin_view.busy.isVisible()))
        signed_in = window.session.state is State.ACTIVE
        return {"signed_in": signed_in, "error": error_text()}
    finally:
        client.close()


def main() -> int:
    result = run(json.loads(sys.stdin.read()))
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
