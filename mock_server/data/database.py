"""Which database file a server opens: the one configured (built when missing), or a private
copy of a population built once per process in a temporary folder (fast for tests).
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
import threading
from pathlib import Path

from mock_server.data.population import build

_TEMPLATES: dict[tuple[int, int], Path] = {}
_TEMPLATE_LOCK = threading.Lock()


def _template(children: int, seed: int) -> Path:
    with _TEMPLATE_LOCK:
        path = _TEMPLATES.get((children, seed))
        if path is None:
            folder = Path(tempfile.mkdtemp(prefix="cpdesk-mock-template-"))
            atexit.register(shutil.rmtree, folder, True)
            path = folder / "directory.sqlite3"
            build(path, children, seed)
            _TEMPLATES[(children, seed)] = path
        return path


def open_database(db_path: Path | None, children: int, seed: int) -> tuple[Path, Path | None]:
    """The database file to serve (built when missing) and a temporary folder to remove."""
    if db_path is not None:
        if not db_path.exists():
            build(db_path, children, seed)
        return db_path, None
    folder = Path(tempfile.mkdtemp(prefix="cpdesk-mock-"))
    path = folder / "directory.sqlite3"
    shutil.copyfile(_template(children, seed), path)
    return path, folder
