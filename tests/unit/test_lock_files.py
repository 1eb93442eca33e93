"""The lock files in requirements/ (written by scripts/lock) agree with pyproject.toml.

A dependency added to pyproject but not locked would install unpinned nowhere (the set-up
installs only the lock file), so the test command would fail late and obscurely; this says so
early, by name. The lowest lock must hold each direct dependency at its floor, or the
lowest-versions run proves nothing about the floors.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.MULTILINE)


def _project() -> dict[str, object]:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)["project"]  # type: ignore[no-any-return]


def _mock_project() -> dict[str, object]:
    with (ROOT / "packaging" / "mock" / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)["project"]  # type: ignore[no-any-return]


def _requirements(*extras: str, mock: bool = False) -> list[Requirement]:
    """cpdesk's dependencies with ``extras``, and cpdesk-mock's when ``mock``."""
    project = _project()
    found = [Requirement(text) for text in project["dependencies"]]  # type: ignore[attr-defined]
    optional = project["optional-dependencies"]
    for extra in extras:
        found += [Requirement(text) for text in optional[extra]]  # type: ignore[index]
    if mock:
        found += [Requirement(t) for t in _mock_project()["dependencies"]]  # type: ignore[attr-defined]
    return found


def _pins(name: str) -> dict[str, Version]:
    text = (ROOT / "requirements" / name).read_text(encoding="utf-8")
    return {canonicalize_name(m.group(1)): Version(m.group(2)) for m in PIN.finditer(text)}


@pytest.mark.parametrize(("lock", "extras", "mock"), [("dev.txt", ("test",), True),
                                                      ("demo.txt", (), True),
                                                      ("bundle.txt", (), False),
                                                      ("lowest.txt", ("test",), True)])
def test_every_dependency_is_locked_within_its_range(lock: str, extras: tuple[str, ...],
                                                     mock: bool) -> None:
    pins = _pins(lock)
    for requirement in _requirements(*extras, mock=mock):
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} is in pyproject.toml but not in {lock}"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"{lock} pins {name}=={pins[name]}, outside {requirement.specifier}")


def test_every_locked_line_has_a_hash() -> None:
    for lock in ("dev.txt", "demo.txt", "bundle.txt", "lowest.txt"):
        text = (ROOT / "requirements" / lock).read_text(encoding="utf-8")
        for block in re.split(r"\n(?=[A-Za-z0-9])", text):
            if PIN.match(block):
                assert "--hash=sha256:" in block, f"{lock}: {block.splitlines()[0]} has no hash"


def test_lowest_lock_holds_each_direct_dependency_at_its_floor() -> None:
    pins = _pins("lowest.txt")
    for requirement in _requirements("test", mock=True):
        floors = [Version(s.version) for s in requirement.specifier
                  if s.operator in (">=", "==")]
        if floors:
            assert pins[canonicalize_name(requirement.name)] == max(floors), requirement


def test_bundle_lock_carries_no_server_or_test_tools() -> None:
    pins = _pins("bundle.txt")
    assert "pyinstaller" in pins and "pyside6-essentials" in pins
    for name in ("fastapi", "uvicorn", "faker", "pytest", "mypy", "hypothesis", "schemathesis",
                 "pyside6-addons"):
        assert name not in pins, f"the bundle environment would carry {name}"


def test_both_distributions_and_both_packages_carry_one_version() -> None:
    import cpdesk
    import mock_server

    versions = {_project()["version"], _mock_project()["version"], cpdesk.__version__,
                mock_server.__version__}
    assert len(versions) == 1, versions
