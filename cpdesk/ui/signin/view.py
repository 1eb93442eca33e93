"""The sign-in screen: user name → password → token + PIN → role; and the unlock screen.

Every step shows its own failure beside it in plain words. Enter advances. The PIN and
password fields are overwritten, then cleared, as soon as their value has been taken; the
PIN leaves the field only as a ``bytearray`` that the token thread zeroes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cpdesk.auth.session import ROLE_LABELS
from cpdesk.auth.signin import PIN_ADVICE_TEXT, Failure, PinAdvice, SignInFailure, Step
from cpdesk.auth.token import TokenInfo
from cpdesk.domain import Role
from cpdesk.ui.common.announce import announce
from cpdesk.ui.common.secret_field import SecretField
from cpdesk.ui.common.widgets import label, wipe
from cpdesk.ui.signin.controller import SignInController


def _error_label(name: str) -> QLabel:
    made = label("", name)
    made.setProperty("role", "error")
    made.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
    made.hide()
    return made


class SignInView(QWidget):
    """Pages: credentials, token + PIN (also the unlock screen), role."""

    sign_out_requested = Signal()

    CREDENTIALS, TOKEN, ROLE = range(3)

    def __init__(self, controller: SignInController, username: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signinView")
        self._controller = controller
        self._unlock_mode = False
        self.pages = QStackedWidget()
        layout = QVBoxLayout(self)
        self.busy = QLabel(self.tr("Please wait…"))
        self.busy.setObjectName("signinBusy")
        self.busy.hide()
        layout.addWidget(self.pages)
        layout.addWidget(self.busy)
        self.pages.addWidget(self._credentials_page(username))
        self.pages.addWidget(self._token_page())
        self.pages.addWidget(self._role_page())

        controller.busy_changed.connect(self._on_busy)
        controller.tokens_to_choose.connect(self._on_tokens_to_choose)
        controller.pin_requested.connect(self._on_pin_requested)
        controller.roles_requested.connect(self._on_roles)
        controller.failed.connect(self._on_failed)
        controller.signed_in.connect(lambda _info: self.reset())
        controller.unlocked.connect(lambda _info: self.reset())
        controller.session_ended.connect(self._on_session_ended)
        controller.token_returned.connect(self.token_error.hide)

    # -- pages ---------------------------------------------------------------------------

    def _credentials_page(self, username: str | None) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        title = QLabel(self.tr("Sign in to the directory"))
        title.setObjectName("signinTitle")
        title.setWordWrap(True)
        form.addRow(title)
        self.username = QLineEdit(username or "")
        self.username.setObjectName("signinUsername")
        self.username.setAccessibleName(self.tr("User name"))
        self.password = SecretField()
        self.password.setObjectName("signinPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Password"))
        self.continue_button = QPushButton(self.tr("&Continue"))
        self.continue_button.setObjectName("signinContinue")
        self.continue_button.setAccessibleName(self.tr("Continue to your security token"))
        self.continue_button.setDefault(True)
        self.credentials_error = _error_label("signinError")
        self.credentials_error.setAccessibleName(self.tr("Sign-in problem"))
        for text, field in ((self.tr("&User name"), self.username),
                            (self.tr("&Password"), self.password)):
            caption = QLabel(text)
            caption.setBuddy(field)
            form.addRow(caption, field)
        form.addRow(self.credentials_error)
        form.addRow(self.continue_button)
        self.username.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self.continue_button.click)
        self.continue_button.clicked.connect(self._submit_credentials)
        return page

    def _token_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.token_title = QLabel(self.tr("Insert your security token and enter its PIN"))
        self.token_title.setObjectName("signinTitle")
        self.token_title.setWordWrap(True)
        form.addRow(self.token_title)
        self.token_picker = QComboBox()
        self.token_picker.setObjectName("tokenPicker")
        self.token_picker.setAccessibleName(self.tr("Security token"))
        self.token_picker_caption = QLabel(self.tr("Security &token"))
        self.token_picker_caption.setBuddy(self.token_picker)
        form.addRow(self.token_picker_caption, self.token_picker)
        self.pin = SecretField()
        self.pin.setObjectName("tokenPin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setAccessibleName(self.tr("Token PIN"))
        pin_caption = QLabel(self.tr("P&IN"))
        pin_caption.setBuddy(self.pin)
        form.addRow(pin_caption, self.pin)
        self.pin_advice = QLabel()
        self.pin_advice.setObjectName("tokenAdvice")
        self.pin_advice.setWordWrap(True)
        self.pin_advice.hide()
        form.addRow(self.pin_advice)
        self.confirm_final = QCheckBox(self.tr("I understand this is my &last PIN try"))
        self.confirm_final.setObjectName("tokenConfirmFinal")
        self.confirm_final.setAccessibleName(self.tr("Confirm last PIN try"))
        self.confirm_final.hide()
        form.addRow(self.confirm_final)
        self.token_error = _error_label("tokenError")
        self.token_error.setAccessibleName(self.tr("Security token problem"))
        form.addRow(self.token_error)
        buttons = QHBoxLayout()
        self.unlock_button = QPushButton(self.tr("&Sign in"))
        self.unlock_button.setObjectName("tokenUnlock")
        self.unlock_button.setAccessibleName(self.tr("Sign in with this token and PIN"))
        self.retry_button = QPushButton(self.tr("&Look for token again"))
        self.retry_button.setObjectName("tokenRetry")
        self.retry_button.setAccessibleName(self.tr("Look for the security token again"))
        self.back_button = QPushButton(self.tr("&Back"))
        self.back_button.setObjectName("tokenBack")
        self.back_button.setAccessibleName(self.tr("Back to user name and password"))
        for button in (self.unlock_button, self.retry_button, self.back_button):
            buttons.addWidget(button)
        form.addRow(buttons)
        self.pin.returnPressed.connect(self.unlock_button.click)
        self.unlock_button.clicked.connect(self._submit_pin)
        self.retry_button.clicked.connect(self._look_again)
        self.back_button.clicked.connect(self._back)
        self.token_picker.activated.connect(self._token_chosen)
        return page

    def _role_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        title = QLabel(self.tr("Choose the role you are working in"))
        title.setObjectName("signinTitle")
        title.setWordWrap(True)
        layout.addWidget(title)
        self.role_picker = QListWidget()
        self.role_picker.setObjectName("rolePicker")
        self.role_picker.setAccessibleName(self.tr("Your roles"))
        self.role_picker.setMaximumHeight(140)  # a few roles: keep the sign-in card compact
        layout.addWidget(self.role_picker)
        self.role_error = _error_label("roleError")
        self.role_error.setAccessibleName(self.tr("Role problem"))
        layout.addWidget(self.role_error)
        self.role_button = QPushButton(self.tr("&Use this role"))
        self.role_button.setObjectName("roleContinue")
        self.role_button.setAccessibleName(self.tr("Use the chosen role"))
        layout.addWidget(self.role_button)
        self.role_picker.itemActivated.connect(lambda _item: self.role_button.click())
        self.role_button.clicked.connect(self._submit_role)
        return page

    # -- public --------------------------------------------------------------------------

    @property
    def step(self) -> int:
        return self.pages.currentIndex()

    def reset(self, username: str | None = None) -> None:
        """Back to an empty credentials page (the user name kept or given)."""
        self._unlock_mode = False
        wipe(self.password)
        wipe(self.pin)
        if username is not None:
            self.username.setText(username)
        for shown in (self.credentials_error, self.token_error, self.role_error,
                      self.pin_advice):
            shown.clear()
            shown.hide()
        self.role_picker.clear()
        self.token_picker.clear()
        self.confirm_final.setChecked(False)
        self.confirm_final.hide()
        self.pages.setCurrentIndex(self.CREDENTIALS)
        self.username.setFocus()

    def show_unlock(self, username: str) -> None:
        """The unlock screen: the same token and its PIN, for the signed-in user."""
        self.reset()
        self._unlock_mode = True
        self.token_title.setText(self.tr("Locked. {user}: insert your security token and enter "
                                         "its PIN to unlock.").format(user=username))
        self.unlock_button.setText(self.tr("&Unlock"))
        self.unlock_button.setAccessibleName(self.tr("Unlock with this token and PIN"))
        self.back_button.setText(self.tr("Sign &out"))
        self.back_button.setAccessibleName(self.tr("Sign out instead of unlocking"))
        self._show_token_page(several=False)
        self._controller.begin_unlock()

    # -- steps ---------------------------------------------------------------------------

    def _submit_credentials(self) -> None:
        username = self.username.text().strip()
        password = self.password.text()
        wipe(self.password)
        self.credentials_error.hide()
        if not username or not password:
            self._show_error(self.credentials_error,
                             self.tr("Enter your user name and password."))
            self.password.setFocus()
            return
        self.token_title.setText(self.tr("Insert your security token and enter its PIN"))
        self.unlock_button.setText(self.tr("&Sign in"))
        self.back_button.setText(self.tr("&Back"))
        self._controller.submit_credentials(username, password)

    def _submit_pin(self) -> None:
        pin = bytearray(self.pin.text().encode("utf-8"))
        wipe(self.pin)
        self.token_error.hide()
        if not pin:
            self._show_error(self.token_error, self.tr("Enter the PIN of your token."))
            return
        self._controller.submit_pin(pin, confirm_final=self.confirm_final.isChecked())

    def _submit_role(self) -> None:
        item = self.role_picker.currentItem()
        if item is None:
            self._show_error(self.role_error, self.tr("Choose one of your roles."))
            return
        self._controller.choose_role(str(item.data(Qt.ItemDataRole.UserRole)))

    def _token_chosen(self, index: int) -> None:
        serial = self.token_picker.itemData(index)
        if serial:
            self._controller.choose_token(str(serial))

    def _look_again(self) -> None:
        self.token_error.hide()
        self._controller.look_for_tokens()

    def _back(self) -> None:
        wipe(self.pin)
        if self._unlock_mode:
            self.sign_out_requested.emit()
            self._controller.sign_out()
            self.reset()
            return
        self._controller.cancel()
        self.reset()

    # -- controller results --------------------------------------------------------------

    def _show_token_page(self, several: bool) -> None:
        self.token_picker.setVisible(several)
        self.token_picker_caption.setVisible(several)
        self.pages.setCurrentIndex(self.TOKEN)
        self.pin.setFocus()

    def _on_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        for widget in (self.continue_button, self.unlock_button, self.role_button, self.pin):
            widget.setEnabled(not busy)

    def _on_tokens_to_choose(self, tokens: list[TokenInfo]) -> None:
        self.token_picker.clear()
        self.token_picker.addItem(self.tr("Choose your token…"), None)
        for token in tokens:
            self.token_picker.addItem(f"{token.label} ({token.serial})", token.serial)
        self._show_token_page(several=True)
        self.pin.setEnabled(False)  # until a token is chosen
        self.unlock_button.setEnabled(False)
        self.token_picker.setFocus()

    def _on_pin_requested(self, token: TokenInfo, advice: PinAdvice) -> None:
        several = self.token_picker.count() > 1
        self._show_token_page(several=several)
        text = PIN_ADVICE_TEXT.get(advice, "")
        self.pin_advice.setText(self.tr(text))
        self.pin_advice.setVisible(bool(text))
        final = advice is PinAdvice.FINAL_TRY
        self.confirm_final.setChecked(False)
        self.confirm_final.setVisible(final)
        stop = advice in (PinAdvice.LOCKED, PinAdvice.BLOCKED)
        self.pin.setEnabled(not stop)
        self.unlock_button.setEnabled(not stop)

    def _on_roles(self, roles: tuple[Role, ...]) -> None:
        self.role_picker.clear()
        for role in roles:
            text = (f"{ROLE_LABELS.get(role.role, str(role.role))} · {role.organisation} "
                    f"({role.local_authority})")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, role.role_id)
            self.role_picker.addItem(item)
        self.role_picker.setCurrentRow(0)
        self.pages.setCurrentIndex(self.ROLE)
        self.role_picker.setFocus()

    def _on_failed(self, failure: SignInFailure) -> None:
        if failure.step is Step.CREDENTIALS and not self._unlock_mode:
            self.pages.setCurrentIndex(self.CREDENTIALS)
            self._show_error(self.credentials_error, failure.message)
            self.password.setFocus()
            return
        if failure.step is Step.ROLE:
            self._show_error(self.role_error, failure.message)
            return
        self.pages.setCurrentIndex(self.TOKEN)
        self._show_error(self.token_error, failure.message)
        last = (failure.kind is Failure.CONFIRM_FINAL_TRY
                or (failure.kind is Failure.WRONG_PIN and failure.tries_left == 1))
        self.confirm_final.setVisible(last)
        if last:
            self.confirm_final.setChecked(False)
        # No PIN can help until the card is unblocked, or until a card is found again.
        stop = failure.kind in (Failure.TOKEN_BLOCKED, Failure.PIN_LOCKED, Failure.NO_TOKEN,
                                Failure.WRONG_TOKEN, Failure.TOKEN_REMOVED,
                                Failure.TOKEN_FAULT)
        self.pin.setEnabled(not stop)
        self.unlock_button.setEnabled(not stop)
        self.pin.setFocus()

    def _on_session_ended(self, username: str) -> None:
        self.reset(username)
        self._show_error(self.credentials_error, self.tr("Your session has ended. Sign in "
                                                         "again."))
        self.password.setFocus()

    def _show_error(self, label: QLabel, text: str) -> None:
        label.setText(text)
        label.show()
        announce(label, text, assertive=True)
