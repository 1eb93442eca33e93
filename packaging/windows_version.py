"""The Windows version resource of cpdesk.exe (Explorer's Details tab, and what IT's software
inventory reads), written from pyproject.toml so the two cannot disagree.

PyInstaller reads it as a version file (the ``VSVersionInfo(...)`` text its
``pyi-grab_version`` prints); the text is written here rather than built with
``PyInstaller.utils.win32.versioninfo`` because that module needs ``pefile``, which
PyInstaller installs on Windows only, and the spec runs on every platform.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

COMPANY = "cpdesk project"
PRODUCT = "cpdesk"
DESCRIPTION = "cpdesk - child directory desktop client"


def project_version(root: Path) -> str:
    with (root / "pyproject.toml").open("rb") as handle:
        return str(tomllib.load(handle)["project"]["version"])


def version_file_text(root: Path) -> str:
    text = project_version(root)
    numbers = [int(part) for part in text.split(".")[:4]]
    four = tuple(numbers + [0] * (4 - len(numbers)))
    strings = {"CompanyName": COMPANY, "FileDescription": DESCRIPTION, "FileVersion": text,
               "InternalName": "cpdesk", "OriginalFilename": "cpdesk.exe",
               "ProductName": PRODUCT, "ProductVersion": text}
    structs = ",\n          ".join(f"StringStruct({k!r}, {v!r})" for k, v in strings.items())
    return f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={four}, prodvers={four}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('080904B0', [
          {structs}])]),
    VarFileInfo([VarStruct('Translation', [0x0809, 1200])])
  ]
)
"""


def write_version_file(root: Path, folder: Path) -> Path:
    """Write the version file into ``folder`` (PyInstaller's work folder); returns its path."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "cpdesk-version.txt"
    target.write_text(version_file_text(root), encoding="utf-8")
    return target
