"""Settings dialog: policy values shown as "Managed by your organisation" and not editable;
idle lock only shorter than policy; capture protection only where policy allows; saving
writes the user settings that the next start reads back."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from cpdesk.config import Settings, Source, TomlPolicy, load_settings
from cpdesk.ui.shell.settings_dialog import SettingsDialog


def _settings(tmp_path: Path, policy: str, env: dict[str, str] | None = None) -> Settings:
    (tmp_path / "policy.toml").write_text(policy, encoding="utf-8")
    return load_settings([], env or {}, policy_sources=[TomlPolicy(tmp_path / "policy.toml")],
                         user_file=tmp_path / "settings.toml")


def test_managed_values_are_shown_and_locked(qtbot: QtBot, tmp_path: Path) -> None:
    settings = _settings(tmp_path, 'server_url = "https://directory.example.org"\n'
                                   "idle_lock_minutes = 4\n")
    dialog = SettingsDialog(settings, tmp_path / "settings.toml")
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.server_url.isEnabled()
    assert dialog.notes["server_url"].text() == "Managed by your organisation"
    assert dialog.server_url.accessibleDescription() == "Managed by your organisation"
    assert dialog.pkcs11_module.isEnabled() and "pkcs11_module" not in dialog.notes
    # The idle lock stays editable, but only down to the policy's ceiling.
    assert dialog.idle_lock.isEnabled() and dialog.idle_lock.maximum() == 4
    assert "at most 4 min" in dialog.notes["idle_lock_minutes"].text()
    assert not dialog.capture_protection.isEnabled()


def test_saving_writes_what_the_user_may_change(qtbot: QtBot, tmp_path: Path) -> None:
    settings = _settings(tmp_path, 'server_url = "https://directory.example.org"\n'
                                   "idle_lock_minutes = 4\nallow_user_capture_choice = true\n")
    dialog = SettingsDialog(settings, tmp_path / "settings.toml")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.capture_protection.isEnabled()
    dialog.pkcs11_module.setText("/opt/card/opensc-pkcs11.so")
    dialog.idle_lock.setValue(2)
    dialog.capture_protection.setChecked(False)
    dialog.profile.setCurrentIndex(dialog.profile.findData("training"))
    with qtbot.waitSignal(dialog.saved) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "server_url" not in saved.args[0]  # managed: never written by the user
    again = load_settings([], {}, policy_sources=[TomlPolicy(tmp_path / "policy.toml")],
                          user_file=tmp_path / "settings.toml")
    assert again.pkcs11_module == "/opt/card/opensc-pkcs11.so"
    assert (again.idle_lock_minutes, again.source("idle_lock_minutes")) == (2, Source.USER)
    assert again.capture_protection is False and again.profile == "training"
    assert again.server_url == "https://directory.example.org"


def test_values_set_for_this_run_are_said_so(qtbot: QtBot, tmp_path: Path) -> None:
    settings = _settings(tmp_path, "", {"CPDESK_PKCS11_MODULE": "/env/module.so"})
    dialog = SettingsDialog(settings, tmp_path / "settings.toml")
    qtbot.addWidget(dialog)
    assert not dialog.pkcs11_module.isEnabled()
    assert dialog.notes["pkcs11_module"].text() == "Set by the environment for this session"
    assert dialog.server_url.isEnabled()


def test_saved_idle_lock_applies_at_once(qtbot: QtBot, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow, QPushButton

    from cpdesk.ui.shell.privacy_screen import IdleMonitor
    from cpdesk.ui.shell.settings_button import add_settings_button

    settings = _settings(tmp_path, "idle_lock_minutes = 4\n")
    window = QMainWindow()
    qtbot.addWidget(window)
    idle = IdleMonitor(QApplication.instance(), lock_after_ms=4 * 60_000, parent=window)
    button = add_settings_button(window, settings, idle, tmp_path / "settings.toml")
    assert isinstance(button, QPushButton) and button.accessibleName() == "Settings"
    window.show()
    button.click()
    dialog = window.findChild(SettingsDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.idle_lock.setValue(9)  # above the policy's ceiling: the spin box refuses it
    assert dialog.idle_lock.value() == 4
    dialog.idle_lock.setValue(1)
    dialog.save()
    assert idle.lock_timer.interval() == 60_000


def test_a_plain_http_address_to_another_computer_is_refused_and_nothing_saved(
        qtbot: QtBot, tmp_path: Path) -> None:
    settings = _settings(tmp_path, "")
    user_file = tmp_path / "settings.toml"
    dialog = SettingsDialog(settings, user_file)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.server_url.setText("http://directory.example.org")
    saved: list[object] = []
    dialog.saved.connect(saved.append)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and saved == []
    assert dialog.error.isVisible()
    assert dialog.error.text().startswith("The directory server address must start with "
                                          "https://")
    assert not user_file.exists() or "directory.example.org" not in user_file.read_text()
    dialog.server_url.setText("https://directory.example.org")
    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
