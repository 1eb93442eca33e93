"""The Windows version resource of the bundle says what pyproject.toml says, in the form
PyInstaller's own parser reads."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))

from windows_version import project_version, write_version_file  # noqa: E402


def test_version_resource_names_the_product_and_its_version(tmp_path: Path) -> None:
    text = write_version_file(ROOT, tmp_path).read_text(encoding="utf-8")
    version = project_version(ROOT)
    assert f"StringStruct('ProductVersion', '{version}')" in text
    assert "StringStruct('OriginalFilename', 'cpdesk.exe')" in text
    numbers = [int(p) for p in version.split(".")]
    four = tuple(numbers + [0] * (4 - len(numbers)))
    assert f"filevers={four}" in text
    # PyInstaller evaluates the file with these names in scope; it must be one valid call.
    names = ("VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable",
             "StringStruct", "VarFileInfo", "VarStruct")
    scope = {name: (lambda *args, _n=name, **kwargs: (_n, args, kwargs)) for name in names}
    built = eval(text, {"__builtins__": {}}, scope)  # noqa: S307 - our own file, no builtins
    assert built[0] == "VSVersionInfo"
