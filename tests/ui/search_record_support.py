"""Shared by the search and record widget tests: a real mock server with the nurse's real
SoftHSM token enrolled, and a scan of every string a widget tree exposes."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QWidget

from cpdesk.api.client import DirectoryClient
from cpdesk.auth.signin import TokenSigner
from cpdesk.auth.token import Pkcs11Module
from mock_server.http.app import ServerConfig, create_app
from mock_server.http.runner import ServerThread
from mock_server.tokens.demo_users import demo_user
from mock_server.tokens.enrol import enrol_demo_tokens
from mock_server.tokens.softhsm import TokenDir
from tests.signin_steps import sign_in

NURSE = demo_user("nurse.demo")


@dataclass
class Directory:
    app: FastAPI
    url: str
    module: str
    serial: str

    def signed_in_client(self) -> DirectoryClient:
        client = DirectoryClient(self.url)
        sign_in(client, TokenSigner(Pkcs11Module(self.module)), NURSE.username,
                NURSE.password, bytearray(NURSE.pin.encode()), serial=self.serial)
        return client


def start_directory(root: Path, module: str, token_dir: TokenDir) -> Iterator[Directory]:
    """A real mock server (small population plus the fixed children); the nurse's real
    SoftHSM token enrolled."""
    db = root / "directory.sqlite3"
    app = create_app(ServerConfig(db_path=db, children=300, seed=5))
    (enrolment,) = enrol_demo_tokens(db, module, token_dir, (NURSE,))
    with ServerThread(app) as server:
        yield Directory(app, server.url, module, enrolment.serial)


def widget_strings(root: QWidget) -> list[str]:
    """Every string a widget tree shows or exposes: text, tooltips, accessible names and
    descriptions, window titles, combo items, and every item-model cell in common roles."""
    roles = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
             Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.AccessibleDescriptionRole,
             Qt.ItemDataRole.StatusTipRole, Qt.ItemDataRole.WhatsThisRole,
             Qt.ItemDataRole.UserRole, Qt.ItemDataRole.UserRole + 1)
    found: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        found += [widget.toolTip(), widget.accessibleName(), widget.accessibleDescription(),
                  widget.windowTitle(), widget.statusTip(), widget.whatsThis()]
        for attr in ("text", "placeholderText", "toPlainText", "currentText", "title"):
            getter = getattr(widget, attr, None)
            if callable(getter):
                with contextlib.suppress(TypeError):  # a getter that needs arguments
                    found.append(str(getter()))
        if isinstance(widget, QComboBox):
            found += [widget.itemText(i) for i in range(widget.count())]
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            for r in range(model.rowCount()):
                for c in range(model.columnCount()):
                    found += [str(model.data(model.index(r, c), role)) for role in roles]
    return found
