"""The sign-in screen, card first (issue 16): the card's holder, password and PIN together,
then the role; and the unlock screen (the same card and its PIN).

With a card in the reader the screen names its holder (from the certificate, read without a
PIN) and asks for password and PIN at once; Enter in the PIN field signs in. The challenge is
asked for only then, and signed at once. A user name can still be typed (no card yet, or a
shared reader). One card is chosen for the user; with several, her last card is preselected;
choosing a card never moves the keyboard focus (WCAG 3.2.2).

Every failure is shown in plain words. The PIN and password fields are overwritten, then
cleared, as soon as their value has been taken; the PIN leaves the field only as a
``bytearray`` that the token thread zeroes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cpdesk.auth.session import ROLE_LABELS
from cpdesk.auth.signin import (
    PIN_ADVICE_TEXT,
    CardInfo,
    Failure,
    PinAdvice,
    SignInFailure,
    Step,
)
from cpdesk.auth.token_types import TokenInfo, zero
from cpdesk.ui.common.announce import announce
from cpdesk.ui.common.secret_field import SecretField
from cpdesk.ui.common.widgets import label, wipe
from cpdesk.ui.signin.controller import SignInController

if TYPE_CHECKING:
    from PySide6.QtWidgets import QListWidget

    from cpdesk.domain import Role


def _error_label(name: str) -> QLabel:
    made = label("", name)
    made.setProperty("role", "error")
    made.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
    made.hide()
    return made


class _RolePage:
    """The role page's widgets (built the first time a role is asked for)."""

    __slots__ = ("button", "error", "picker")

    def __init__(self, picker: QListWidget, error: QLabel, button: QPushButton) -> None:
        self.picker = picker
        self.error = error
        self.button = button


class SignInView(QWidget):
    """Pages: credentials, token + PIN (also the unlock screen), role."""

    sign_out_requested = Signal()
    card_used = Signal(str)  # the serial of the card signed in with (to preselect next time)

    CREDENTIALS, TOKEN, ROLE = range(3)

    def __init__(self, controller: SignInController, username: str | None = None,
                 parent: QWidget | None = None, *, last_card: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signinView")
        self._controller = controller
        self._unlock_mode = False
        self._last_card = last_card  # a card serial: no child data
        self._card: CardInfo | None = None
        self._cards: dict[str, CardInfo] = {}
        self._typed_username = False  # she typed a user name: a card does not overwrite it
        self._other_user = False  # she asked to type another user name
        self._busy_now = False
        # Made when a role is first asked for, not at start: QListWidget and its item view
        # classes are 4-7 ms the sign-in window does not need (issue 18: cold start).
        self._role_widgets: _RolePage | None = None
        self.pages = QStackedWidget(self)
        layout = QVBoxLayout(self)
        self.busy = QLabel(self.tr("Please wait…"))
        self.busy.setObjectName("signinBusy")
        self.busy.hide()
        layout.addWidget(self.pages)
        layout.addWidget(self.busy)
        self.pages.addWidget(self._credentials_page(username))
        self.pages.addWidget(self._token_page())

        controller.busy_changed.connect(self._on_busy)
        controller.cards_found.connect(self._on_cards)
        controller.card_ready.connect(self._on_card_ready)
        controller.pin_requested.connect(self._on_pin_requested)
        controller.roles_requested.connect(self._on_roles)
        controller.failed.connect(self._on_failed)
        controller.signed_in.connect(self._on_signed_in)
        controller.unlocked.connect(lambda _info: self.reset())
        controller.session_ended.connect(self._on_session_ended)
        controller.token_returned.connect(self.token_error.hide)
        controller.look_for_cards()

    # -- pages ---------------------------------------------------------------------------

    def _credentials_page(self, username: str | None) -> QWidget:
        page = QWidget(self.pages)
        form = QFormLayout(page)
        title = QLabel(self.tr("Sign in to the directory"))
        title.setObjectName("signinTitle")
        title.setWordWrap(True)
        form.addRow(title)
        self.card_holder = label("", "signinCardHolder")
        self.card_holder.setWordWrap(True)
        self.card_holder.setAccessibleName(self.tr("Your card"))
        form.addRow(self.card_holder)
        self.token_picker = QComboBox(page)
        self.token_picker.setObjectName("tokenPicker")
        self.token_picker.setAccessibleName(self.tr("Security token"))
        self.token_picker_caption = QLabel(self.tr("Your &card"))
        self.token_picker_caption.setBuddy(self.token_picker)
        form.addRow(self.token_picker_caption, self.token_picker)
        self.username = QLineEdit(username or "")
        self.username.setObjectName("signinUsername")
        self.username.setAccessibleName(self.tr("User name"))
        self.username_caption = QLabel(self.tr("&User name"))
        self.username_caption.setBuddy(self.username)
        form.addRow(self.username_caption, self.username)
        self.password = SecretField()
        self.password.setObjectName("signinPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Password"))
        password_caption = QLabel(self.tr("&Password"))
        password_caption.setBuddy(self.password)
        form.addRow(password_caption, self.password)
        self.signin_pin = SecretField()
        self.signin_pin.setObjectName("signinPin")
        self.signin_pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.signin_pin.setAccessibleName(self.tr("Card PIN"))
        pin_caption = QLabel(self.tr("Card P&IN"))
        pin_caption.setBuddy(self.signin_pin)
        form.addRow(pin_caption, self.signin_pin)
        self.signin_advice = label("", "signinAdvice")
        self.signin_advice.setWordWrap(True)
        self.signin_advice.hide()
        form.addRow(self.signin_advice)
        self.signin_confirm_final = QCheckBox(self.tr("I understand this is my last PIN try"))
        self.signin_confirm_final.setObjectName("signinConfirmFinal")
        self.signin_confirm_final.setAccessibleName(self.tr("Confirm last PIN try"))
        self.signin_confirm_final.hide()
        form.addRow(self.signin_confirm_final)
        self.credentials_error = _error_label("signinError")
        self.credentials_error.setAccessibleName(self.tr("Sign-in problem"))
        form.addRow(self.credentials_error)
        buttons = QHBoxLayout()
        self.continue_button = QPushButton(self.tr("&Sign in"))
        self.continue_button.setObjectName("signinContinue")
        self.continue_button.setAccessibleName(self.tr("Sign in with password, card and PIN"))
        self.continue_button.setDefault(True)
        self.look_again_button = QPushButton(self.tr("&Look for my card"))
        self.look_again_button.setObjectName("signinLookAgain")
        self.look_again_button.setAccessibleName(self.tr("Look for the card again"))
        self.other_user_button = QPushButton(self.tr("Not you? &Type a user name"))
        self.other_user_button.setObjectName("signinOtherUser")
        self.other_user_button.setAccessibleName(self.tr("Sign in with another user name"))
        self.other_user_button.setFlat(True)
        for button in (self.continue_button, self.look_again_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.other_user_button)
        form.addRow(buttons)
        self.username.returnPressed.connect(self.password.setFocus)
        self.username.textEdited.connect(self._username_typed)
        self.password.returnPressed.connect(self._password_entered)
        self.signin_pin.returnPressed.connect(self.continue_button.click)
        self.continue_button.clicked.connect(self._submit_credentials)
        self.look_again_button.clicked.connect(self._look_for_cards)
        self.other_user_button.clicked.connect(self._type_other_user)
        self.token_picker.currentIndexChanged.connect(self._card_chosen)
        self._show_cards([])
        return page

    def _token_page(self) -> QWidget:
        page = QWidget(self.pages)
        form = QFormLayout(page)
        self.token_title = QLabel(self.tr("Insert your security token and enter its PIN"))
        self.token_title.setObjectName("signinTitle")
        self.token_title.setWordWrap(True)
        form.addRow(self.token_title)
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
        return page

    @property
    def role_picker(self) -> QListWidget:
        return self._roles().picker

    @property
    def role_error(self) -> QLabel:
        return self._roles().error

    @property
    def role_button(self) -> QPushButton:
        return self._roles().button

    def _roles(self) -> _RolePage:
        if self._role_widgets is None:
            self._role_widgets = self._role_page()
        return self._role_widgets

    def _role_page(self) -> _RolePage:
        from PySide6.QtWidgets import QListWidget

        page = QWidget(self.pages)
        layout = QVBoxLayout(page)
        title = QLabel(self.tr("Choose the role you are working in"))
        title.setObjectName("signinTitle")
        title.setWordWrap(True)
        layout.addWidget(title)
        picker = QListWidget()
        picker.setObjectName("rolePicker")
        picker.setAccessibleName(self.tr("Your roles"))
        picker.setMaximumHeight(140)  # a few roles: keep the sign-in card compact
        layout.addWidget(picker)
        error = _error_label("roleError")
        error.setAccessibleName(self.tr("Role problem"))
        layout.addWidget(error)
        button = QPushButton(self.tr("&Use this role"))
        button.setObjectName("roleContinue")
        button.setAccessibleName(self.tr("Use the chosen role"))
        button.setEnabled(not self._busy_now)
        layout.addWidget(button)
        picker.itemActivated.connect(lambda _item: button.click())
        button.clicked.connect(self._submit_role)
        self.pages.insertWidget(self.ROLE, page)
        return _RolePage(picker, error, button)

    # -- public --------------------------------------------------------------------------

    @property
    def step(self) -> int:
        return self.pages.currentIndex()

    def reset(self, username: str | None = None) -> None:
        """Back to an empty sign-in page (the user name kept or given); the cards present
        are looked for again."""
        self._unlock_mode = False
        wipe(self.password)
        wipe(self.pin)
        wipe(self.signin_pin)
        if username is not None:
            self.username.setText(username)
        shown = [self.credentials_error, self.token_error, self.pin_advice, self.signin_advice]
        if self._role_widgets is not None:
            shown.append(self._role_widgets.error)
            self._role_widgets.picker.clear()
        for label_shown in shown:
            label_shown.clear()
            label_shown.hide()
        for box in (self.confirm_final, self.signin_confirm_final):
            box.setChecked(False)
            box.hide()
        self.pages.setCurrentIndex(self.CREDENTIALS)
        self.focus_first_empty()
        self._controller.look_for_cards()

    def show_unlock(self, username: str) -> None:
        """The unlock screen: the same token and its PIN, for the signed-in user."""
        self.reset()
        self._unlock_mode = True
        self.token_title.setText(self.tr("Locked. {user}: insert your security token and enter "
                                         "its PIN to unlock.").format(user=username))
        self.unlock_button.setText(self.tr("&Unlock"))
        self.unlock_button.setAccessibleName(self.tr("Unlock with this token and PIN"))
        # No mnemonic: the status bar's "Sign &out" is enabled while locked and owns Alt+O.
        self.back_button.setText(self.tr("Sign out"))
        self.back_button.setAccessibleName(self.tr("Sign out instead of unlocking"))
        self._show_token_page()
        self._controller.begin_unlock()

    # -- steps ---------------------------------------------------------------------------

    def _submit_credentials(self) -> None:
        username = self.username.text().strip()
        password = self.password.text()
        pin = bytearray(self.signin_pin.text().encode("utf-8"))
        wipe(self.password)
        wipe(self.signin_pin)
        self.credentials_error.hide()
        problem = None
        if not username or not password:
            problem = self.tr("Enter your user name and password.") if not self._card \
                else self.tr("Enter your password.")
        elif not pin:
            problem = self.tr("Enter the PIN of your card.")
        elif self._card is None and self.token_picker.count() > 1:
            problem = self.tr("Choose your card.")
        if problem is not None:
            zero(pin)
            self._show_error(self.credentials_error, problem)
            self.focus_first_empty()
            return
        # No card seen yet: the controller looks for it now (she has just inserted it).
        self._controller.sign_in(username, password,
                                 self._card.serial if self._card else None, pin,
                                 confirm_final=self.signin_confirm_final.isChecked())

    def _password_entered(self) -> None:
        """Enter in the password: on to the PIN when it is still empty, else sign in."""
        if self.signin_pin.text():
            self.continue_button.click()
        else:
            self.signin_pin.setFocus()

    def offer_remembered(self, username: str | None, last_card: str | None) -> None:
        """The last user name and card from the keyring, found after the window was shown
        (issue 18: the keyring is opened once the window is up). Her last card is chosen
        if several are listed and none is chosen yet; the name goes in only
        where the field is still empty and untouched on the sign-in page; the keyboard then
        moves on to the password, as when the name is known at start, but only from the
        empty user-name field."""
        if last_card and self._last_card is None:
            self._last_card = last_card
            index = self.token_picker.findData(last_card)
            if self._card is None and self.token_picker.count() > 1 and index > 0:
                self.token_picker.setCurrentIndex(index)  # → _card_chosen, as at start
        if (not username or self.username.text() or self._typed_username
                or self._unlock_mode or self.step != self.CREDENTIALS):
            return
        had_focus = self.window().focusWidget() is self.username
        self.username.setText(username)
        if had_focus:
            self.focus_first_empty()

    def _username_typed(self, _text: str) -> None:
        self._typed_username = True

    def _type_other_user(self) -> None:
        """A shared reader, or another person's card in it: type the user name."""
        self._other_user = True
        self._typed_username = True
        self.username.clear()
        self._show_username()
        self.username.setFocus()  # the user asked for this field

    def _look_for_cards(self) -> None:
        self.credentials_error.hide()
        self._controller.look_for_cards()

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

    def _show_token_page(self, several: bool = False) -> None:
        self.pages.setCurrentIndex(self.TOKEN)
        self.pin.setFocus()

    def _on_busy(self, busy: bool) -> None:
        self._busy_now = busy
        self.busy.setVisible(busy)
        widgets: list[QWidget] = [self.continue_button, self.unlock_button, self.pin,
                                  self.look_again_button]
        if self._role_widgets is not None:
            widgets.append(self._role_widgets.button)
        for widget in widgets:
            widget.setEnabled(not busy)

    # -- cards (sign-in page) ------------------------------------------------------------

    def _on_cards(self, cards: list[CardInfo]) -> None:
        self._show_cards(cards)

    def _show_cards(self, cards: list[CardInfo]) -> None:
        """List the cards; one is chosen, several preselect her last card. The keyboard
        focus stays where it is (choosing is not a change of context)."""
        picker = self.token_picker
        picker.blockSignals(True)
        picker.clear()
        if len(cards) > 1:
            picker.addItem(self.tr("Choose your card…"), None)
        for card in cards:
            holder = card.holder.name if card.holder else card.token.label
            picker.addItem(f"{holder} — {card.token.label} ({card.serial})", card.serial)
        index = picker.findData(self._last_card) if self._last_card else -1
        if index < 0 and len(cards) > 1 and self._typed_username:
            typed = self.username.text().strip()
            index = next((i for i, card in enumerate(cards, start=1)
                          if card.holder and card.holder.name == typed), -1)
        picker.setCurrentIndex(max(index, 0))
        picker.blockSignals(False)
        several = len(cards) > 1
        self.token_picker.setVisible(several)
        self.token_picker_caption.setVisible(several)
        self._cards = {card.serial: card for card in cards}
        self._card_chosen(picker.currentIndex())

    def _card_chosen(self, index: int) -> None:
        serial = self.token_picker.itemData(index) if index >= 0 else None
        card = self._cards.get(serial) if serial else None
        self._card = card
        self.signin_advice.hide()
        self.signin_confirm_final.hide()
        if card is None:
            count = self.token_picker.count()
            self.card_holder.setText(
                self.tr("Several cards are in the readers: choose yours.") if count > 1
                else self.tr("No card found. Insert your smartcard."))
            self._show_username()
            return
        if card.holder is not None and not self._typed_username:
            self.username.setText(card.holder.name)
        if card.holder is None:
            self.card_holder.setText(self.tr("Card {label} is in the reader").format(
                label=card.token.label or card.serial))
        else:
            place = f" · {card.holder.organisation}" if card.holder.organisation else ""
            self.card_holder.setText(self.tr("Card of {who}{place}").format(
                who=card.holder.name, place=place))
        self._show_username()
        self._controller.choose_card(card.serial)

    def _show_username(self) -> None:
        """The user name is asked only without a card holder, or when she asks to type it."""
        holder = self._card.holder if self._card is not None else None
        known = holder is not None
        differs = holder is not None and self.username.text().strip() != holder.name
        shown = self._other_user or not known or differs
        self.username.setVisible(shown)
        self.username_caption.setVisible(shown)
        self.other_user_button.setVisible(known and not self._other_user)

    def _on_card_ready(self, card: CardInfo, advice: PinAdvice) -> None:
        if self._card is None or card.serial != self._card.serial:
            return
        text = PIN_ADVICE_TEXT.get(advice, "")
        self.signin_advice.setText(self.tr(text))
        self.signin_advice.setVisible(bool(text))
        self.signin_confirm_final.setChecked(False)
        self.signin_confirm_final.setVisible(advice is PinAdvice.FINAL_TRY)
        stop = advice in (PinAdvice.LOCKED, PinAdvice.BLOCKED)  # no PIN can help
        self.signin_pin.setEnabled(not stop)
        self.continue_button.setEnabled(not stop)

    def focus_first_empty(self) -> None:
        for field in (self.username, self.password, self.signin_pin):
            if field.isVisibleTo(self) and not field.text():
                field.setFocus()
                return
        self.signin_pin.setFocus()

    def _on_signed_in(self, _info: object) -> None:
        if self._card is not None:
            self._last_card = self._card.serial
            self.card_used.emit(self._card.serial)
        self._typed_username = self._other_user = False
        self.reset()

    def _on_pin_requested(self, token: TokenInfo, advice: PinAdvice) -> None:
        self._show_token_page()
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
        from PySide6.QtWidgets import QListWidgetItem  # with the role page (issue 18)

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
        if failure.step in (Step.CREDENTIALS, Step.TOKEN) and not self._unlock_mode:
            self.pages.setCurrentIndex(self.CREDENTIALS)
            self._show_error(self.credentials_error, failure.message)
            last = (failure.kind is Failure.CONFIRM_FINAL_TRY
                    or (failure.kind is Failure.WRONG_PIN and failure.tries_left == 1))
            if last:
                self.signin_confirm_final.setChecked(False)
                self.signin_confirm_final.show()
            stop = failure.kind in (Failure.TOKEN_BLOCKED, Failure.PIN_LOCKED)
            self.signin_pin.setEnabled(not stop)
            self.continue_button.setEnabled(not stop)
            if failure.kind in (Failure.NO_TOKEN, Failure.TOKEN_REMOVED):
                self._controller.look_for_cards()
            self.focus_first_empty()
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
        self.focus_first_empty()

    def _show_error(self, label: QLabel, text: str) -> None:
        label.setText(text)
        label.show()
        announce(label, text, assertive=True)
