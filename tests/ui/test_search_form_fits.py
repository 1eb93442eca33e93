"""Issue 18 (found at the window's 1024 px minimum, a record open beside the results): the
search form's fields of a fixed format are never narrower than their widest value. The date of
birth had shown "l4-07-2011" for 14-07-2011, its first digit under the field's edge. The form
takes two columns where three do not fit across, and its tab order follows the columns."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from cpdesk.api.client import DirectoryClient
from cpdesk.ui.common.workers import DirectoryWorker
from cpdesk.ui.directory.search_view import SearchView
from tests.ui.test_search_view import CTX

# The widest values she types: a date, a postcode of the longest shape, a spaced directory ID.
TYPED = {"searchDob": "28-08-2008", "searchDobFrom": "01-01-2010", "searchDobTo": "31-12-2014",
         "searchPostcode": "BL11 4WW", "searchDirectoryId": "999 777 3454"}


@pytest.fixture
def view(qtbot: QtBot, styled: None) -> Iterator[SearchView]:
    client = DirectoryClient("http://directory.invalid",
                             transport=httpx.MockTransport(lambda _r: httpx.Response(500)))
    made = SearchView(DirectoryWorker(client), CTX)
    qtbot.addWidget(made)
    made.show()
    yield made
    client.close()


def _scrolled_by(edit: QLineEdit, text: str) -> int:
    """How far the field's text is scrolled left when it holds *text* with the cursor at its
    end, where typing leaves it (0: the value starts where an empty field's cursor stands)."""
    edit.clear()
    start = edit.cursorRect().center().x()
    edit.setText(text)
    end = edit.cursorRect().center().x()
    return start + edit.fontMetrics().horizontalAdvance(text) - end


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(width=st.integers(min_value=200, max_value=1400))
def test_a_typed_date_postcode_or_id_is_shown_whole_at_any_width(
        view: SearchView, width: int) -> None:
    for name in TYPED:  # each example starts from an empty form
        edit = view.findChild(QLineEdit, name)
        assert edit is not None
        edit.clear()
    view.resize(width, 700)
    QApplication.processEvents()
    for name, text in TYPED.items():
        edit = view.findChild(QLineEdit, name)
        assert edit is not None
        assert abs(_scrolled_by(edit, text)) <= 1, (width, view.width(), text)


def test_the_columns_hold_while_she_types_and_an_error_shows(view: SearchView) -> None:
    """Just wide enough for three columns: typing, a validation error under a field (the card
    grows taller) and clearing leave the fields where they are."""
    grid = view._form_grid
    view.resize(grid.need(3) + 48 + 4, 700)  # the page's margins, and a little to spare
    QApplication.processEvents()
    assert grid.columns == 3
    placed = view.directory_id.pos()
    view.directory_id.setText("123456789")  # nine digits: an error under the field
    view.search()
    QApplication.processEvents()
    assert view.errors["directory_id"].isVisible()
    assert grid.columns == 3 and view.directory_id.pos() == placed
    assert abs(_scrolled_by(view.directory_id, "999 777 3454")) <= 1
    view.clear()
    QApplication.processEvents()
    assert grid.columns == 3 and view.directory_id.pos() == placed


def test_two_columns_where_three_do_not_fit_and_the_tab_order_reads_as_the_screen(
        qtbot: QtBot, view: SearchView) -> None:
    view.resize(1200, 700)
    QApplication.processEvents()
    assert view.dob.y() == view.family_name.y()  # three across: date of birth on the first row
    view.resize(380, 700)  # beside a record at the 1024 px window
    QApplication.processEvents()
    assert view.dob.y() > view.family_name.y()
    assert view.dob.y() == view.gender.y() and view.dob.x() < view.gender.x()
    order: list[QWidget] = [view.family_name]
    while len(order) < 8:
        following = order[-1].nextInFocusChain()
        while following.focusPolicy() == Qt.FocusPolicy.NoFocus or not following.isVisible():
            following = following.nextInFocusChain()
        order.append(following)
    assert order == [view.family_name, view.given_name, view.dob, view.gender, view.dob_from,
                     view.dob_to, view.postcode, view.directory_id]
    view.resize(1200, 700)
    QApplication.processEvents()
    assert view.dob.y() == view.family_name.y()
