"""ResultsModel: set_rows / clear, cells from privacy, sorting, Qt model contract."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from pytestqt.modeltest import ModelTester

from cpdesk.domain import ChildSummary, Gender, Locality, MatchKind, RoleKind
from cpdesk.privacy import DisplayContext, summary_cells
from cpdesk.ui.directory.results_model import DIRECTORY_ID_ROLE, Column, ResultsModel

CTX = DisplayContext(RoleKind.PRACTITIONER, date(2026, 11, 21))

DOE = ChildSummary("9997773454", "Doe", "Jane Ann", "Jenny", date(2011, 7, 14), Gender.FEMALE,
                   Locality("Bolton", "Bolton"), False, MatchKind.EXACT, 1.0)
ABBOT = ChildSummary("9434765919", "Abbot", "Zak", None, date(2015, 1, 2), Gender.MALE,
                     Locality("Farnworth", "Bolton"), False, MatchKind.CLOSE, 0.71)
HIDDEN = ChildSummary("9434765870", "Brennan", "Ellie", None, date(2013, 3, 30), Gender.FEMALE,
                      None, True, MatchKind.CLOSE, 0.93)


def _texts(model: ResultsModel, role: int = Qt.ItemDataRole.DisplayRole) -> list[list[object]]:
    return [[model.data(model.index(r, c), role) for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def test_model_contract_with_rows_and_after_clear(qtmodeltester: ModelTester) -> None:
    model = ResultsModel(CTX)
    model.set_rows([DOE, ABBOT, HIDDEN])
    qtmodeltester.check(model)
    model.sort(Column.BORN, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)
    model.clear()
    qtmodeltester.check(model)


def test_cells_are_privacy_display_text(qtbot: object) -> None:
    model = ResultsModel(CTX)
    model.set_rows([DOE])
    cells = summary_cells(DOE, CTX)
    assert _texts(model)[0] == [cells.name, cells.born, cells.gender, cells.locality,
                                " · ".join(cells.badges), cells.match]
    assert _texts(model, Qt.ItemDataRole.AccessibleTextRole) == _texts(model)
    assert "DOE" in cells.name and "14-Jul-2011" in cells.born
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Name"
    assert model.data(model.index(0, 0), DIRECTORY_ID_ROLE) == "9997773454"
    assert model.directory_id_at(0) == "9997773454"
    assert model.directory_id_at(1) is None


def test_shielded_row_is_badged_and_has_no_locality(qtbot: object) -> None:
    model = ResultsModel(CTX)
    model.set_rows([HIDDEN])
    row = _texts(model)[0]
    assert "Shielded" in str(row[Column.NOTES])
    assert row[Column.LOCALITY] == summary_cells(HIDDEN, CTX).locality
    assert "Wigan" not in " ".join(str(c) for c in row)


def test_sorting_by_name_dob_and_match_score(qtbot: object) -> None:
    model = ResultsModel(CTX)
    model.set_rows([DOE, ABBOT, HIDDEN])
    persistent = QPersistentModelIndex(model.index(0, 0))  # DOE
    model.sort(Column.NAME)
    assert [model.directory_id_at(r) for r in range(3)] == [ABBOT.directory_id,
                                                            HIDDEN.directory_id,
                                                            DOE.directory_id]
    assert persistent.row() == 2
    model.sort(Column.BORN)
    assert [model.directory_id_at(r) for r in range(3)] == [DOE.directory_id,
                                                            HIDDEN.directory_id,
                                                            ABBOT.directory_id]
    model.sort(Column.MATCH, Qt.SortOrder.DescendingOrder)
    assert [model.directory_id_at(r) for r in range(3)] == [DOE.directory_id,
                                                            HIDDEN.directory_id,
                                                            ABBOT.directory_id]


def test_clear_drops_every_row(qtbot: object) -> None:
    model = ResultsModel(CTX)
    model.set_rows([DOE, HIDDEN])
    model.clear()
    assert model.rowCount() == 0
    assert model.data(model.index(0, 0)) is None
    assert model.rowCount(QModelIndex()) == 0
    assert model.directory_id_at(0) is None
