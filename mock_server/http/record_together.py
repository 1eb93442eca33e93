"""What a record view shows of working together (issue 17), added by the view and override
routes: the consents recorded for the child — to the practitioners involved and the area's
managers — and, on a record that is not shielded, that it may have a duplicate (the area team
has been told). Nothing at all on a shielded record, so nothing shows that a shielded twin
exists.
"""

from __future__ import annotations

from typing import Any

from mock_server.data import duplicates, together
from mock_server.data.store import ChildRecordRow
from mock_server.http.callers import Caller
from mock_server.http.context import AppContext
from mock_server.rules import disclosure


def annotate(ctx: AppContext, caller: Caller, rec: ChildRecordRow,
             data: dict[str, Any]) -> dict[str, Any]:
    """What a record shows of working together: the consents recorded for the child (to the
    practitioners involved and the area's managers) and, on a record that is not shielded,
    that it may have a duplicate. Nothing at all on a shielded record."""
    if data.get("shielded") or not isinstance(data.get("involvements"), list):
        return data
    directory_id = rec.child.directory_id
    out = dict(data)
    local_manager = (caller.role.role == disclosure.MANAGER
                     and caller.role.local_authority == rec.child.local_authority)
    # On the store's connection for this thread, as the record itself was read (a connection
    # of their own cost 1.7 ms a view at 12,000,000 children: issue 18).
    conn = ctx.store.reader()
    if local_manager or together.is_involved(conn, directory_id, caller.session.username):
        out["consents"] = together.consents_for(conn, directory_id)
    if duplicates.has_open_pair(conn, directory_id):
        out["possible_duplicate"] = True
    return out
