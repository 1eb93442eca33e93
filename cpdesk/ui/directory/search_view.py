"""The search page: criteria form, validation next to each field, results table.

Flow: the form is checked by ``validation.validate_criteria`` before anything is sent; the
worker runs the search off the GUI thread and answers with the request id it was given;
only the answer to the latest request is shown (stale answers are dropped). An exact search
that finds nobody offers "Widen search". Opening a row (Enter or double-click) emits
``open_requested(directory_id)``; the caller asks for the reason and opens the record.

Privacy: result cells come from ``privacy.summary_cells`` through ``ResultsModel``;
``clear()`` drops every criterion, message, row and tooltip.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cpdesk.api.errors import (
    ApiError,
    RateLimited,
    SessionExpired,
)
from cpdesk.domain import Gender, SearchCriteria, SearchMode, SearchResult
from cpdesk.privacy import DisplayContext
from cpdesk.ui.common.announce import announce
from cpdesk.ui.common.stepwise import Building, finish
from cpdesk.ui.common.table import quiet_corner
from cpdesk.ui.common.widgets import name_clear_button, restyle, wipe
from cpdesk.ui.common.wording import explain
from cpdesk.ui.common.workers import DirectoryWorker
from cpdesk.ui.directory.results_model import Column, ResultsModel
from cpdesk.ui.directory.search_form_grid import FormCell, FormGrid
from cpdesk.validation import SearchForm, validate_criteria

GENDERS = (
    (None, "Any"),
    (Gender.FEMALE, "Female"),
    (Gender.MALE, "Male"),
    (Gender.NOT_KNOWN, "Not known"),
    (Gender.NOT_SPECIFIED, "Not specified"),
)

# The widest values of the fixed-format fields, which are never shown cut (search_form_grid).
WIDEST_DATE = "00-00-0000"
WIDEST_POSTCODE = "WW00 0WW"
WIDEST_DIRECTORY_ID = "000 000 0000"

TOO_MANY = "More than 50 children match. Add more details to narrow the search."


class SearchView(QWidget):
    """Criteria form and results; emits ``open_requested`` and ``session_expired``."""

    open_requested = Signal(str)  # directory ID, ten digits
    search_started = Signal()  # a new search was sent: the open record closes (issue 16)
    session_expired = Signal()

    def __init__(self, worker: DirectoryWorker, context: DisplayContext,
                 parent: QWidget | None = None, *, in_steps: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("searchView")
        self._worker = worker
        self._context = context
        self._pending: int | None = None
        self._last: SearchCriteria | None = None
        # Built a piece at a time while the user signs in (issue 18): see ui/common/stepwise.
        self.building: Building = self._build(worker, context)
        if not in_steps:
            finish(self.building)

    def _build(self, worker: DirectoryWorker, context: DisplayContext) -> Building:
        layout = self._page_layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        title = QLabel(self.tr("Find a child"))
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        hint = QLabel(self.tr("Family name and date of birth (or a range of up to 5 years), "
                              "or the directory ID alone. Use * after 2 letters to match the "
                              "start of a name."))
        hint.setObjectName("pageSubtitle")
        hint.setWordWrap(True)
        layout.addWidget(hint)

        form_card = QFrame(self)
        form_card.setObjectName("card")
        grid = QGridLayout(form_card)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(2)
        self.errors: dict[str, QLabel] = {}
        self._form_grid = FormGrid(form_card, grid)
        self.family_name = self._field("family_name", "searchFamilyName",
                                       self.tr("&Family name"), "Smith or Smi*")
        self.given_name = self._field("given_name", "searchGivenName",
                                      self.tr("&Given name"), "optional")
        self.dob = self._field("dob", "searchDob", self.tr("&Date of birth"), "DD-MM-YYYY",
                               widest=WIDEST_DATE)
        yield "search form: first row"
        self.dob_from = self._field("dob_from", "searchDobFrom", self.tr("&Born from"),
                                    "DD-MM-YYYY", widest=WIDEST_DATE)
        self.dob_to = self._field("dob_to", "searchDobTo", self.tr("Born &to"), "DD-MM-YYYY",
                                  widest=WIDEST_DATE)
        self.gender = QComboBox()
        self.gender.setObjectName("searchGender")
        for value, label in GENDERS:
            self.gender.addItem(self.tr(label), value.value if value else "")
        self._place("gender", self.tr("G&ender"), self.gender)
        yield "search form: second row"
        self.postcode = self._field("postcode", "searchPostcode", self.tr("&Postcode"),
                                    "e.g. WN1 1AA or BL1*", widest=WIDEST_POSTCODE)
        self.directory_id = self._field("directory_id", "searchDirectoryId",
                                        self.tr("Or directory &ID"), "10 digits",
                                        widest=WIDEST_DIRECTORY_ID)
        layout.addWidget(form_card)

        buttons = QHBoxLayout()
        self.search_button = QPushButton(self.tr("&Search"))
        self.search_button.setObjectName("searchButton")
        self.search_button.setAccessibleName(self.tr("Search"))
        self.search_button.setDefault(True)
        self.search_button.clicked.connect(self.search)
        self.widen_button = QPushButton(self.tr("&Widen search"))
        self.widen_button.setObjectName("widenSearchButton")
        self.widen_button.setAccessibleName(self.tr("Widen search"))
        self.widen_button.setToolTip(self.tr("Also find similar-sounding names, common "
                                             "given-name variants and swapped day and month"))
        self.widen_button.clicked.connect(self.widen)
        self.widen_button.hide()
        self.clear_button = QPushButton(self.tr("Cle&ar"))
        self.clear_button.setObjectName("searchClear")
        self.clear_button.setAccessibleName(self.tr("Clear the search"))
        self.clear_button.clicked.connect(self.clear)
        self.busy = QProgressBar()
        self.busy.setObjectName("searchBusy")
        self.busy.setAccessibleName(self.tr("Searching"))
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMaximumWidth(160)
        self.busy.hide()
        buttons.addWidget(self.search_button)
        buttons.addWidget(self.widen_button)
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.busy)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        self.message = QLabel()
        self.message.setObjectName("searchMessage")
        self.message.setAccessibleName(self.tr("Search message"))
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        layout.addWidget(self.message)
        yield "search form: last row and buttons"

        self.model = ResultsModel(context, self)
        self.table = QTableView()
        self.table.setObjectName("resultsTable")
        self.table.setAccessibleName(self.tr("Search results"))
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        quiet_corner(self.table)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(Column.LOCALITY, QHeaderView.ResizeMode.Stretch)
        # activated covers Enter/Return and double-click.
        self.table.activated.connect(self._on_activated)
        layout.addWidget(self.table, 1)

        worker.search_finished.connect(self._on_finished)
        worker.search_failed.connect(self._on_failed)
        # After a 429 the buttons rest until the server's Retry-After has passed.
        self._cooldown_left = 0
        self._cooldown = QTimer(self)
        self._cooldown.setInterval(1000)
        self._cooldown.setTimerType(Qt.TimerType.PreciseTimer)  # never end before the server
        self._cooldown.timeout.connect(self._tick)
        yield "search results"

    # -- public --------------------------------------------------------------------------

    def set_context(self, context: DisplayContext) -> None:
        self._context = context
        self.model.set_context(context)

    @property
    def worker(self) -> DirectoryWorker:
        """The worker this view sends its searches through (answers: ``search_*``)."""
        return self._worker

    def set_compact(self, compact: bool) -> None:
        """A record is open beside the results (issue 16): the columns she has already used
        to choose (gender, match) step aside so name, age and locality stay readable."""
        for column in (Column.GENDER, Column.MATCH):
            self.table.setColumnHidden(column, compact)

    def width_for_results(self) -> int:
        """The width this side needs to show every shown column of the results whole."""
        header = self.table.horizontalHeader()
        columns = sum(max(header.sectionSizeHint(c), self.table.sizeHintForColumn(c))
                      for c in range(self.model.columnCount()) if not header.isSectionHidden(c))
        margins = self._page_layout.contentsMargins()
        return (columns + 2 * self.table.frameWidth()
                + self.table.verticalScrollBar().sizeHint().width()
                + margins.left() + margins.right())

    @property
    def waiting(self) -> bool:
        return self._pending is not None

    @property
    def cooling_down(self) -> bool:
        return self._cooldown_left > 0

    def search(self) -> None:
        """Validate the form and send an exact search."""
        if self.cooling_down:
            return
        self._show_errors({})
        criteria, problems = validate_criteria(self._form(), self._context.today)
        if criteria is None:
            self._show_errors(problems)
            self._set_message(problems.get("form") or self.tr("Check the fields marked in red."),
                              error=True)
            return
        self._send(criteria)

    def widen(self) -> None:
        if self._last is None or self.cooling_down:
            return
        self._send(replace(self._last, mode=SearchMode.WIDENED))

    def clear(self) -> None:
        """Drop every criterion, row and message; answers still in flight are ignored."""
        self._pending = None
        self._last = None
        for edit in (self.family_name, self.given_name, self.dob, self.dob_from,
                     self.dob_to, self.postcode, self.directory_id):
            wipe(edit)
        self.gender.setCurrentIndex(0)
        self._show_errors({})
        self.model.clear()
        if not self.cooling_down:  # the wait message holds no child data: it stays
            self.message.clear()
        self.message.setToolTip("")
        self.widen_button.hide()
        self.busy.hide()
        if self.isVisible():  # never from a page out of sight: the keyboard is elsewhere
            self.family_name.setFocus()

    # -- form ----------------------------------------------------------------------------

    def _field(self, key: str, name: str, label: str, placeholder: str, *,
               widest: str | None = None) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setPlaceholderText(self.tr(placeholder))
        edit.setClearButtonEnabled(True)
        name_clear_button(edit, label.replace("&", ""))
        edit.returnPressed.connect(self.search)
        self._place(key, label, edit, widest)
        return edit

    def _place(self, key: str, label: str, widget: QWidget, widest: str | None = None) -> None:
        """The field, its caption above and its error below, next in reading order."""
        caption = QLabel(label)
        caption.setObjectName("fieldLabel")
        caption.setBuddy(widget)
        widget.setAccessibleName(label.replace("&", ""))
        error = QLabel()
        error.setObjectName("fieldError")
        error.setWordWrap(True)
        error.hide()
        self.errors[key] = error
        self._form_grid.add(FormCell(caption, widget, error, widest))

    def _form(self) -> SearchForm:
        gender = str(self.gender.currentData() or "")
        return SearchForm(
            family_name=self.family_name.text(), given_name=self.given_name.text(),
            dob=self.dob.text() or None, dob_from=self.dob_from.text() or None,
            dob_to=self.dob_to.text() or None,
            gender=gender or None,
            postcode=self.postcode.text(), directory_id=self.directory_id.text())

    def _show_errors(self, problems: dict[str, str]) -> None:
        first: QWidget | None = None
        for key, label in self.errors.items():
            text = problems.get(key, "")
            label.setText(text)
            label.setVisible(bool(text))
            buddy = self._widget_for(key)
            buddy.setAccessibleDescription(text)
            if buddy.property("invalid") != bool(text):  # each search clears them all
                buddy.setProperty("invalid", bool(text))
                restyle(buddy)
            if text and first is None:
                first = buddy
        if first is not None:
            first.setFocus()

    def _widget_for(self, key: str) -> QWidget:
        widget: QWidget = {"family_name": self.family_name, "given_name": self.given_name,
                           "dob": self.dob, "dob_from": self.dob_from, "dob_to": self.dob_to,
                           "gender": self.gender, "postcode": self.postcode,
                           "directory_id": self.directory_id}[key]
        return widget

    # -- requests and answers ------------------------------------------------------------

    def _send(self, criteria: SearchCriteria) -> None:
        self._last = criteria
        self.widen_button.hide()
        self.busy.show()
        self._set_message(self.tr("Searching…"))
        self._pending = self._worker.request_search(criteria)
        self.search_started.emit()

    def _on_finished(self, request_id: int, result: SearchResult) -> None:
        if request_id != self._pending:
            return  # stale: a newer search was sent, or the view was cleared
        self._pending = None
        self.busy.hide()
        widened = self._last is not None and self._last.mode is SearchMode.WIDENED
        if result.too_many:
            self.model.clear()
            self._set_message(self.tr(TOO_MANY), error=True)
            return
        self.model.set_rows(result.results)
        if widened:
            self.table.sortByColumn(Column.MATCH, Qt.SortOrder.DescendingOrder)
        else:
            self.table.sortByColumn(Column.NAME, Qt.SortOrder.AscendingOrder)
        count = len(result.results)
        if count == 0 and not widened:
            self._set_message(self.tr("No child matches exactly. Widen search to find close "
                                      "matches (similar names, swapped day and month)."))
            self.widen_button.show()
            self.widen_button.setFocus()
        elif count == 0:
            self._set_message(self.tr("No child matches, even with a widened search. Check "
                                      "the details with the child or carer."))
        elif widened:
            self._set_message(self.tr("No exact match. 1 close match.") if count == 1 else
                              self.tr("No exact match. {n} close matches, best first.")
                              .format(n=count))
        else:
            self._set_message(self.tr("1 child found.") if count == 1
                              else self.tr("{n} children found.").format(n=count))
        if count:
            self.table.selectRow(0)
            self.table.setFocus()

    def _on_failed(self, request_id: int, error: ApiError) -> None:
        if request_id != self._pending:
            return
        self._pending = None
        self.busy.hide()
        self.model.clear()
        self._set_message(explain(error, "search"), error=True)
        if isinstance(error, RateLimited):
            self._cooldown_left = max(1, error.retry_after)
            self.search_button.setEnabled(False)
            self.widen_button.hide()
            self._cooldown.start()
        if isinstance(error, SessionExpired):
            self.session_expired.emit()

    def _tick(self) -> None:
        self._cooldown_left -= 1
        if self._cooldown_left > 0:
            self._set_message(self.tr("Too many searches in a short time. You can search "
                                      "again in {s} seconds.").format(s=self._cooldown_left),
                              error=True)
            return
        self._cooldown.stop()
        self.search_button.setEnabled(True)
        self._set_message(self.tr("You can search again now."))

    def _set_message(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        announce(self.message, text, assertive=error)
        self.message.setProperty("error", error)
        restyle(self.message)

    def _on_activated(self, index: QModelIndex) -> None:
        directory_id = self.model.directory_id_at(index.row())
        if directory_id:
            self.open_requested.emit(directory_id)
