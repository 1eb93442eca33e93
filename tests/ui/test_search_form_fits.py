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
from PySide6.QtCore import QPoint, Qt
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


def _first_shown_character(edit: QLineEdit) -> int:
    """The index of the character at the field's left edge (0: the value starts in view)."""
    inner = edit.contentsRect()
    return edit.cursorPositionAt(QPoint(inner.left() + 6, inner.center().y()))


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(width=st.integers(min_value=200, max_value=1400))
def test_a_typed_date_postcode_or_id_is_shown_whole_at_any_width(
        view: SearchView, width: int) -> None:
    view.resize(width, 700)
    for name, text in TYPED.items():
        edit = view.findChild(QLineEdit, name)
        assert edit is not None
        edit.setText(text)  # the cursor at its end, where typing leaves it
    QApplication.processEvents()
    for name, text in TYPED.items():
        edit = view.findChild(QLineEdit, name)
        assert edit is not None
        assert _first_shown_character(edit) == 0, (width, view.width(), text)


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
