"""Accessibility walk over every page of the whole window (sign-in, PIN, desktop with results
and a record, reason dialog, settings dialog, unlock screen): every control has an accessible
name and is reachable by Tab, visible buttons and labels have no clashing mnemonics, masked
values (password, PIN) are masked to screen readers too, and the catalogue is complete."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QAccessible, QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabBar,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from cpdesk.app import Client
from cpdesk.auth.session import LockReason
from cpdesk.ui.directory.reason_dialog import ReasonDialog
from cpdesk.ui.shell.settings_dialog import SettingsDialog
from mock_server.data.named_children import BOLTON_AE
from mock_server.tokens.softhsm import TokenDir
from tests.ui.search_record_support import NURSE, Directory, start_directory
from tests.ui.window_support import (
    card_password_and_pin,
    field,
    open_bolton_case,
    open_client,
)

ROOT = Path(__file__).resolve().parents[2]
CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView,
            QTextEdit, QPlainTextEdit)
_TEXT = QAccessible.Text


@pytest.fixture(scope="module")
def directory(tmp_path_factory: pytest.TempPathFactory, softhsm_module: str,
              token_dir: TokenDir) -> Iterator[Directory]:
    yield from start_directory(tmp_path_factory.mktemp("a11y"), softhsm_module, token_dir)


@pytest.fixture
def client(qtbot: QtBot, directory: Directory, softhsm_module: str) -> Iterator[Client]:
    yield from open_client(qtbot, directory.url, softhsm_module)


def _shown(widget: QWidget) -> bool:
    return widget.isVisible() and widget.width() > 0 and widget.height() > 0


def accessible_name(widget: QWidget) -> str:
    iface = QAccessible.queryAccessibleInterface(widget)
    return iface.text(_TEXT.Name).strip() if iface is not None else ""


def walk(root: QWidget, page: str) -> list[QWidget]:
    """Every shown control under *root*: named, focusable by Tab, in the focus chain."""
    controls = [w for w in root.findChildren(QWidget)
                if isinstance(w, CONTROLS) and _shown(w)
                and not (w.parent() is not None and isinstance(w.parent(), QAbstractSpinBox))
                and not isinstance(w.parent(), QComboBox | QLineEdit)  # their own parts
                and not isinstance(w, QHeaderView)]  # part of its table, not a tab stop
    assert controls, f"{page}: no controls found"
    problems: list[str] = []
    chain: set[int] = set()
    start = root.window()
    current = start.nextInFocusChain()
    for _ in range(5000):
        chain.add(id(current))
        if current is start:
            break
        current = current.nextInFocusChain()
    for widget in controls:
        label = (f"{page}: {type(widget).__name__} '{widget.objectName()}' in "
                 f"{type(widget.parent()).__name__} '{widget.parent().objectName()}'")
        if not accessible_name(widget):
            problems.append(f"{label} has no accessible name")
        if widget.isEnabled() and not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            problems.append(f"{label} cannot be reached with Tab")
        if id(widget) not in chain:
            problems.append(f"{label} is not in the window's tab order")
    problems += mnemonic_clashes(root, page)
    assert not problems, "\n".join(problems)
    return controls


def mnemonic_clashes(root: QWidget, page: str) -> list[str]:
    """Two shown things with one Alt key: buttons, buddied labels and the tabs of a tab bar
    (a tab's mnemonic works from every page). Two widgets with the same text clash too (Alt
    then only moves the focus between them)."""
    seen: dict[str, tuple[object, str]] = {}
    clashes = []
    texts: list[tuple[object, str]] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not _shown(widget) or not widget.isEnabled():
            continue
        if isinstance(widget, QAbstractButton) or (isinstance(widget, QLabel)
                                                   and widget.buddy() is not None):
            texts.append((widget, widget.text()))
        elif isinstance(widget, QTabBar):
            texts += [((widget, index), widget.tabText(index)) for index in range(widget.count())
                      if widget.isTabVisible(index) and widget.isTabEnabled(index)]
    for owner, text in texts:
        match = re.search(r"&([^&\s])", text.replace("&&", ""))
        if match:
            key = match.group(1).lower()
            if key in seen and seen[key][0] != owner:
                clashes.append(f"{page}: Alt+{key} used by '{seen[key][1]}' and '{text}'")
            seen.setdefault(key, (owner, text))
    return clashes


def accessible_texts(widget: QWidget) -> Iterator[str]:
    """Name, value and description of every node of the accessibility tree under *widget*."""
    iface = QAccessible.queryAccessibleInterface(widget)
    stack = [iface] if iface is not None else []
    while stack:
        node = stack.pop()
        for kind in (_TEXT.Name, _TEXT.Value, _TEXT.Description):
            yield node.text(kind)
        stack.extend(node.child(i) for i in range(node.childCount()) if node.child(i))


def inspect_dialog(qtbot: QtBot, kind: type[QDialog], trigger: Callable[[], object],
                   inspect: Callable[[QDialog], object]) -> None:
    """Open a dialog (modal ones run their own loop), inspect it while shown, then close it."""
    outcome: list[BaseException | None] = []

    def grab() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind)
                   and w.isVisible()]
        if not dialogs:
            QTimer.singleShot(20, grab)
            return
        try:
            inspect(dialogs[0])
            outcome.append(None)
        except BaseException as exc:  # re-raised in the test below
            outcome.append(exc)
        finally:
            dialogs[0].reject()

    QTimer.singleShot(0, grab)
    trigger()
    qtbot.waitUntil(lambda: bool(outcome), timeout=10_000)
    if outcome[0] is not None:
        raise outcome[0]


def test_every_page_of_the_window_is_named_reachable_and_masked(
        qtbot: QtBot, client: Client, directory: Directory) -> None:
    window = client.window
    qtbot.waitUntil(lambda: window.environment_badge.isVisible(), timeout=10_000)
    window.activateWindow()
    # The first keystroke goes to the sign-in's first empty field (the user name, or the
    # password when the card in the reader names its holder: issue 16), not to a status-bar
    # button.
    firsts = (field(client, "signinUsername"), field(client, "signinPassword"))
    qtbot.waitUntil(lambda: QApplication.focusWidget() in firsts)
    walk(window, "sign-in")

    # Password typed: masked on screen and to screen readers.
    if field(client, "signinUsername").isVisible():
        qtbot.keyClicks(field(client, "signinUsername"), NURSE.username)
    password = field(client, "signinPassword")
    qtbot.keyClicks(password, NURSE.password)
    assert password.echoMode() is not QLineEdit.EchoMode.Normal
    assert NURSE.password not in list(accessible_texts(window))

    settings_button = window.findChild(QPushButton, "settingsButton")
    assert settings_button is not None
    inspect_dialog(qtbot, SettingsDialog, settings_button.click,
                   lambda dialog: walk(dialog, "settings"))
    password.clear()

    # Card, password and PIN together (issue 16), then the desktop.
    walk(window, "card, password and PIN")
    with qtbot.waitSignal(window._controller.signed_in, timeout=20_000):
        card_password_and_pin(qtbot, window.signin_view, directory.serial, NURSE.username,
                              NURSE.password, NURSE.pin)
    walk(window, "desktop")
    tabs = window.findChild(QTabBar, "pageTabs")
    assert tabs is not None
    walked = 0
    for index in range(1, tabs.count()):  # every page a practitioner reaches (My activity…)
        if tabs.isTabVisible(index) and tabs.isTabEnabled(index):
            tabs.setCurrentIndex(index)
            qtbot.wait(50)
            walk(window, f"page {tabs.tabText(index).replace('&', '')}")
            walked += 1
    assert walked >= 1
    tabs.setCurrentIndex(0)
    open_bolton_case(qtbot, client)
    walk(window, "desktop with a record")
    # A manager sees every tab, with a record and its household open (issue 19: Alt+H was
    # both Shielding and "…this child is here"; Alt+T "Born to" and "Bring the team").
    manager_only = [i for i in range(tabs.count()) if not tabs.isTabVisible(i)]
    together = window.desktop.record_view.together
    for index in manager_only:
        tabs.setTabVisible(index, True)
    together.household.show()
    try:
        assert together.household_button.isVisible()
        assert not mnemonic_clashes(window, "a manager's desktop with a record")
    finally:
        together.household.hide()
        for index in manager_only:
            tabs.setTabVisible(index, False)

    desk = window.desktop
    inspect_dialog(qtbot, ReasonDialog,
                   lambda: desk.search_view.open_requested.emit(BOLTON_AE.directory_id),
                   lambda dialog: walk(dialog, "reason dialog"))
    qtbot.waitUntil(lambda: not any(isinstance(w, ReasonDialog) and w.isVisible()
                                    for w in QApplication.topLevelWidgets()))

    client.window._controller.lock(LockReason.USER)
    pin = field(client, "tokenPin")
    qtbot.waitUntil(lambda: pin.isVisible(), timeout=10_000)
    walk(window, "unlock")
    qtbot.keyClicks(pin, NURSE.pin)
    assert pin.echoMode() is not QLineEdit.EchoMode.Normal
    assert not any(NURSE.pin in text for text in accessible_texts(window))
    pin.clear()


def test_focus_is_visible_in_the_stylesheet() -> None:
    qss = (ROOT / "resources" / "cpdesk.qss").read_text(encoding="utf-8")
    assert re.search(r":focus\s*\{[^}]*(border|outline)", qss)


def _luminance(color: QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    return (0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF())
            + 0.0722 * channel(color.blueF()))


def _contrast(a: QColor, b: QColor) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_flat_scroll_bars_handle_stands_out_from_its_track(qapp: QApplication) -> None:
    """Issue 18 drew the scroll bars flat (Fusion's took half of a record's paint): the
    handle must still be seen, at least 3:1 against the track (WCAG 1.4.11), in both schemes."""
    def handles(name: str) -> list[QColor]:
        qss = (ROOT / "resources" / name).read_text(encoding="utf-8")
        found = re.findall(r"QScrollBar::handle[^{]*\{[^}]*background:\s*(#[0-9a-fA-F]{6})", qss)
        return [QColor(c) for c in found]

    light, dark = handles("cpdesk.qss"), handles("cpdesk-dark.qss")
    assert light and dark
    track = qapp.palette().color(QPalette.ColorRole.Window)  # palette(window), light scheme
    assert all(_contrast(c, track) >= 3 for c in light), track.name()
    dark_track = QColor("#2d2d2d")  # a dark system palette's window
    assert all(_contrast(c, dark_track) >= 3 for c in dark)


def test_catalogue_is_loaded_and_complete(qapp: QApplication, tmp_path: Path) -> None:
    from cpdesk.ui.shell.translations import install_translator

    translator = install_translator(qapp)
    assert translator is not None and not translator.isEmpty()
    try:
        assert QCoreApplication.translate("SettingsDialog", "Managed by your organisation") \
            == "Managed by your organisation"
    finally:
        qapp.removeTranslator(translator)
    # Every tr() string in the code is in the committed catalogue.
    fresh = tmp_path / "fresh.ts"
    subprocess.run([str(Path(sys.executable).parent / "pyside6-lupdate"),
                    *sorted(str(p) for p in (ROOT / "cpdesk").rglob("*.py")),
                    "-ts", str(fresh)], check=True, capture_output=True)
    committed = (ROOT / "translations" / "cpdesk_en_GB.ts").read_text(encoding="utf-8")
    missing = [s for s in re.findall(r"<source>(.*?)</source>", fresh.read_text("utf-8"), re.S)
               if f"<source>{s}</source>" not in committed]
    assert not missing, ("run scripts/update_translations.py; missing: "
                         + "; ".join(missing[:5]))


def test_dark_system_scheme_gets_readable_overrides(qapp: QApplication) -> None:
    from PySide6.QtGui import QColor, QPalette

    from cpdesk.ui.shell.color_scheme import SchemeFollower, is_dark, scheme_stylesheet

    before_palette, before_sheet = qapp.palette(), qapp.styleSheet()
    follower: SchemeFollower | None = None
    try:
        dark = QPalette(before_palette)
        dark.setColor(QPalette.ColorRole.Window, QColor("#202124"))
        dark.setColor(QPalette.ColorRole.WindowText, QColor("#e8eaed"))
        qapp.setPalette(dark)
        if qapp.styleHints().colorScheme() is Qt.ColorScheme.Unknown:
            assert is_dark(qapp)
        follower = SchemeFollower(qapp)
        follower.apply()
        assert qapp.styleSheet() == scheme_stylesheet(is_dark(qapp))
        title = QLabel("Addresses")
        title.setObjectName("sectionTitle")
        title.ensurePolished()
        if is_dark(qapp):
            # The light scheme's navy headings would vanish on a dark window.
            assert title.palette().color(QPalette.ColorRole.WindowText).lightness() > 128
        assert "cpdesk-dark" not in scheme_stylesheet(False)
        assert scheme_stylesheet(True).startswith(scheme_stylesheet(False))
    finally:
        if follower is not None:  # a child of the application: gone now, not at its end
            shiboken6.delete(follower)
        qapp.setPalette(before_palette)
        qapp.setStyleSheet(before_sheet)
