"""Settings dialog: what the user may change; the rest shown as "Managed by your organisation".

User-changeable: server address and profile, PKCS#11 module path, idle lock (only shorter than
policy), capture protection (only where policy allows), remembering the user name. Values
set by admin policy are disabled with the note; values set for this run by the command line
or environment are disabled with a note saying so. Saving writes the user settings file
(no secrets); the idle lock applies at once, the rest at the next start.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cpdesk.config import (
    IDLE_LOCK_MIN,
    PROFILES,
    USER_KEYS,
    Settings,
    Source,
    read_toml,
    save_user_settings,
)
from cpdesk.url_policy import ServerUrlRefused


class SettingsDialog(QDialog):
    saved = Signal(object)  # dict[str, object]: the values written

    def __init__(self, settings: Settings, user_file: Path | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("cpdesk settings"))
        self._settings = settings
        self._user_file = user_file
        self.notes: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.setMinimumWidth(620)

        self.server_url = QLineEdit(settings.server_url)
        self.server_url.setObjectName("settingsServerUrl")
        self._row(form, "server_url", self.tr("&Server address"), self.server_url)

        self.profile = QComboBox()
        self.profile.setObjectName("settingsProfile")
        labels = {"live": self.tr("Live directory"), "training": self.tr("Training sandbox"),
                  "test": self.tr("Test server")}
        for profile in PROFILES:
            self.profile.addItem(labels[profile], profile)
        self.profile.setCurrentIndex(PROFILES.index(settings.profile))
        self._row(form, "profile", self.tr("Server &profile"), self.profile)

        self.pkcs11_module = QLineEdit(settings.pkcs11_module or "")
        self.pkcs11_module.setObjectName("settingsPkcs11Module")
        self.pkcs11_module.setPlaceholderText(self.tr("Found automatically"))
        self._row(form, "pkcs11_module", self.tr("Smartcard &module (PKCS#11)"),
                  self.pkcs11_module)

        self.idle_lock = QSpinBox()
        self.idle_lock.setObjectName("settingsIdleLock")
        self.idle_lock.setRange(IDLE_LOCK_MIN, settings.idle_lock_ceiling)
        self.idle_lock.setValue(settings.idle_lock_minutes)
        self.idle_lock.setSuffix(self.tr(" min"))
        self._row(form, "idle_lock_minutes", self.tr("&Lock after idle"), self.idle_lock)

        self.capture_protection = QCheckBox(self.tr("Hide this window from screen &capture"))
        self.capture_protection.setObjectName("settingsCaptureProtection")
        self.capture_protection.setChecked(settings.capture_protection)
        self._row(form, "capture_protection", self.tr("Screen capture"), self.capture_protection)

        self.remember_username = QCheckBox(self.tr("&Remember my user name on this computer"))
        self.remember_username.setObjectName("settingsRememberUsername")
        self.remember_username.setChecked(settings.remember_username)
        self._row(form, "remember_username", self.tr("User name"), self.remember_username)

        self.error = QLabel()
        self.error.setObjectName("settingsError")
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        restart = QLabel(self.tr("Changes to the server, profile and smartcard module take "
                                 "effect the next time cpdesk starts."))
        restart.setObjectName("settingsRestartNote")
        restart.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("settingsSave")
        self.save_button.setAccessibleName(self.tr("Save settings"))
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setObjectName("settingsCancel")
        cancel.setAccessibleName(self.tr("Cancel"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(restart)
        layout.addWidget(buttons)

    def _row(self, form: QFormLayout, key: str, label_text: str, field: QWidget) -> None:
        label = QLabel(label_text)
        label.setBuddy(field)
        field.setAccessibleName(label_text.replace("&", ""))
        note_text = self._note_for(key)
        if note_text is None:
            form.addRow(label, field)
            return
        note = QLabel(note_text)
        note.setObjectName("managedNote")
        note.setWordWrap(True)
        self.notes[key] = note
        field.setAccessibleDescription(note_text)
        field.setToolTip(note_text)
        this_run = self._settings.source(key) in (Source.ENVIRONMENT, Source.COMMAND_LINE)
        if key != "idle_lock_minutes" or this_run:
            field.setEnabled(False)
        box = QWidget()
        column = QVBoxLayout(box)  # the note under its field, never squeezed beside it
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(field)
        column.addWidget(note)
        form.addRow(label, box)

    def _note_for(self, key: str) -> str | None:
        settings = self._settings
        source = settings.source(key)
        if source is Source.COMMAND_LINE:
            return self.tr("Set by the command line for this session")
        if source is Source.ENVIRONMENT:
            return self.tr("Set by the environment for this session")
        if key == "idle_lock_minutes" and settings.is_locked(key):
            return self.tr("Managed by your organisation: at most {n} min").format(
                n=settings.idle_lock_ceiling)
        if settings.is_locked(key) or (key == "capture_protection"
                                       and not settings.user_may_change_capture()):
            return self.tr("Managed by your organisation")
        return None

    def values(self) -> dict[str, object]:
        """The user-changeable values as the dialog shows them (disabled ones excluded)."""
        widgets: dict[str, tuple[QWidget, object]] = {
            "server_url": (self.server_url, self.server_url.text().strip()),
            "profile": (self.profile, self.profile.currentData()),
            "pkcs11_module": (self.pkcs11_module, self.pkcs11_module.text().strip() or None),
            "idle_lock_minutes": (self.idle_lock, self.idle_lock.value()),
            "capture_protection": (self.capture_protection,
                                   self.capture_protection.isChecked()),
            "remember_username": (self.remember_username, self.remember_username.isChecked()),
        }
        return {key: value for key, (widget, value) in widgets.items() if widget.isEnabled()}

    def save(self) -> None:
        stored: dict[str, object] = {}
        if self._user_file is not None:
            stored = {k: v for k, v in read_toml(self._user_file).items() if k in USER_KEYS}
        changed = self.values()
        stored.update(changed)
        try:
            save_user_settings(stored, self._user_file)
        except ServerUrlRefused as refused:  # e.g. http:// to another computer: nothing saved
            self.error.setText(refused.message)
            self.error.show()
            self.server_url.setFocus()
            return
        self.saved.emit(changed)
        self.accept()

