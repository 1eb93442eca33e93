"""The area team's audit review (issue 17; seed 001: the directory is "looked at regularly"):
every view of the area's children in the last days, with who, when and with which reason, and
the flags the server raised — views from outside the area, a day's volume, a well-known child,
a colleague's own child. No child is named (directory IDs only); *Open record…* asks a reason
for access like any other record.

*Export to CSV…* is for the investigating officer: the user states the purpose first (the
server audits the export with it), then chooses where the file goes in a Save dialog; nothing
is written anywhere else, and cancelling the dialog sends nothing. ``choose_path`` is the
dialog (tests replace it). ``clear()`` (lock, sign-out) drops the list and the purpose.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cpdesk.api.errors import ApiError, Forbidden, SessionExpired
from cpdesk.domain import AuditView
from cpdesk.privacy import AUDIT_HEADERS, audit_cells, export_purpose_problem
from cpdesk.ui.common.page import page_header
from cpdesk.ui.common.table import TextRowsModel, make_table
from cpdesk.ui.common.widgets import button, label, wipe
from cpdesk.ui.common.wording import explain
from cpdesk.ui.common.workers import DirectoryWorker

DEFAULT_DAYS = 7
MAX_DAYS = 90


class AuditReviewView(QWidget):
    session_expired = Signal()
    open_record = Signal(str)  # directory ID

    def __init__(self, worker: DirectoryWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("auditView")
        self.setAccessibleName(self.tr("Audit review"))
        self._worker = worker
        self._pending_list: int | None = None
        self._pending_export: int | None = None
        self._export_path: Path | None = None
        self.views: list[AuditView] = []
        self.shown: list[AuditView] = []
        self.choose_path: Callable[[str], str | None] = self._ask_path

        self.days = QSpinBox()
        self.days.setObjectName("auditDays")
        self.days.setRange(1, MAX_DAYS)
        self.days.setValue(DEFAULT_DAYS)
        self.days.setSuffix(self.tr(" days"))
        self.days.setAccessibleName(self.tr("Views in the last how many days"))
        days_label = QLabel(self.tr("&Last"))
        days_label.setBuddy(self.days)
        self.flagged_only = QCheckBox(self.tr("&Flagged views only"))
        self.flagged_only.setObjectName("auditFlaggedOnly")
        self.flagged_only.toggled.connect(self._show_rows)
        layout = QVBoxLayout(self)
        header = page_header(
            layout, name="audit", title=self.tr("Audit review"), note=self.tr(
            "Every view of your area's children, with who looked, when and why. Flags mark "
            "views from outside your area, many views in a day, a child on the area's "
            "well-known list, and a child who may be the viewer's own family. Look into each "
            "with the person and their manager."),
            refresh=self.refresh, controls=(days_label, self.days, self.flagged_only))
        self.refresh_button, self.message = header.refresh_button, header.message
        self.model = TextRowsModel(AUDIT_HEADERS, self)
        self.table = make_table(self.model, "auditTable", self.tr("Record views"))
        self.table.doubleClicked.connect(self._open_row)
        layout.addWidget(self.table, 1)

        below = QHBoxLayout()
        self.open_button = button(QPushButton, self.tr("&Open record…"), "auditOpenRecord",
                                  self.tr("Open the record of the selected view"),
                                  self._open_selected)
        below.addWidget(self.open_button)
        below.addStretch(1)
        layout.addLayout(below)

        export = QHBoxLayout()
        self.purpose = QLineEdit()
        self.purpose.setObjectName("auditExportPurpose")
        self.purpose.setAccessibleName(self.tr("Purpose of the export"))
        self.purpose.setPlaceholderText(self.tr("For whom and why, e.g. the investigating "
                                                "officer and the case"))
        self.purpose.setMaxLength(500)
        purpose_label = QLabel(self.tr("Export &purpose"))
        purpose_label.setBuddy(self.purpose)
        self.export_button = button(QPushButton, self.tr("&Export to CSV…"), "auditExport",
                                    self.tr("Export the review to a CSV file"), self._export)
        export.addWidget(purpose_label)
        export.addWidget(self.purpose, 1)
        export.addWidget(self.export_button)
        layout.addLayout(export)
        self.export_message = label("", "auditExportMessage", selectable=True)
        layout.addWidget(self.export_message)
        worker.action_finished.connect(self._on_finished)
        worker.action_failed.connect(self._on_failed)

    # -- public ------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.refresh_button.setEnabled(False)
        self._say(self.tr("Loading the audit review…"))
        self._pending_list = self._worker.request_audit_views(self.days.value())

    def clear(self) -> None:
        self._pending_list = self._pending_export = None
        self._export_path = None
        self.views, self.shown = [], []
        self.model.clear()
        wipe(self.purpose)
        self.message.clear()
        self.message.hide()
        self.export_message.clear()
        self.refresh_button.setEnabled(True)
        self.export_button.setEnabled(True)

    # -- list --------------------------------------------------------------------------------

    def _show_rows(self) -> None:
        only = self.flagged_only.isChecked()
        self.shown = [v for v in self.views if v.flags or not only]
        self.model.set_rows([audit_cells(v) for v in self.shown])
        flagged = sum(1 for v in self.views if v.flags)
        if self.views:
            self._say(self.tr("{n} views in the last {d} days; {f} flagged.").format(
                n=len(self.views), d=self.days.value(), f=flagged))
        elif self._pending_list is None:
            self._say(self.tr("No views of your area's children in the last {d} days.")
                      .format(d=self.days.value()))

    def _open_row(self, index: QModelIndex) -> None:
        if 0 <= index.row() < len(self.shown):
            self.open_record.emit(self.shown[index.row()].directory_id)

    def _open_selected(self) -> None:
        self._open_row(self.table.currentIndex())

    # -- export ------------------------------------------------------------------------------

    def _ask_path(self, suggested: str) -> str | None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save the audit review"), suggested, self.tr("CSV files (*.csv)"))
        return chosen or None

    def _export(self) -> None:
        if self._pending_export is not None:
            return
        purpose = " ".join(self.purpose.text().split())
        problem = export_purpose_problem(purpose)
        if problem:
            self.export_message.setText(problem)
            self.purpose.setFocus()
            return
        chosen = self.choose_path(f"audit-review-{date.today():%Y%m%d}.csv")
        if not chosen:
            self.export_message.setText(self.tr("Not exported: no file was chosen."))
            return
        self._export_path = Path(chosen)
        self.export_button.setEnabled(False)
        self.export_message.setText(self.tr("Exporting…"))
        self._pending_export = self._worker.request_audit_export(
            self.days.value(), self.flagged_only.isChecked(), purpose)

    def _write(self, text: str) -> None:
        path = self._export_path
        self._export_path = None
        if path is None:
            return
        try:
            path.write_text(text, encoding="utf-8", newline="")
        except OSError as exc:
            self.export_message.setText(self.tr(
                "The file could not be written ({why}). Choose another place and export "
                "again.").format(why=exc.strerror or type(exc).__name__))
            return
        wipe(self.purpose)
        self.export_message.setText(self.tr("Exported to {path}. The export is recorded with "
                                            "its purpose.").format(path=str(path)))

    # -- answers -----------------------------------------------------------------------------

    def _on_finished(self, request_id: int, result: object) -> None:
        if request_id == self._pending_list and isinstance(result, tuple):
            self._pending_list = None
            self.refresh_button.setEnabled(True)
            self.views = [v for v in result if isinstance(v, AuditView)]
            self._show_rows()
        elif request_id == self._pending_export and isinstance(result, tuple):
            self._pending_export = None
            self.export_button.setEnabled(True)
            _filename, text = result
            self._write(str(text))

    def _on_failed(self, request_id: int, error: ApiError) -> None:
        if request_id not in (self._pending_list, self._pending_export):
            return
        listing = request_id == self._pending_list
        if listing:
            self._pending_list = None
            self.refresh_button.setEnabled(True)
        else:
            self._pending_export = None
            self._export_path = None
            self.export_button.setEnabled(True)
        if isinstance(error, SessionExpired):
            self.session_expired.emit()
            return
        text = (self.tr("Only a ContactPoint manager can see and export the audit review.")
                if isinstance(error, Forbidden) else explain(error, "audit"))
        if listing:
            self._say(text)
        else:
            self.export_message.setText(text)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
