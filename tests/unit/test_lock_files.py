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
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)(?: ; ([^\\\n]+?))?\s*\\?$",
                 re.MULTILINE)
# The locks are universal (scripts/lock): a dependency may be pinned once per Python, with a
# marker (PySide6 is: pyproject.toml). Each is checked with the oldest Python cpdesk allows
# and the newer ones.
PYTHONS = ("3.11", "3.12", "3.13")


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


def _pins(name: str, python: str = PYTHONS[0]) -> dict[str, Version]:
    """The lock's pins that apply with ``python`` (a pin's marker says which Pythons)."""
    text = (ROOT / "requirements" / name).read_text(encoding="utf-8")
    env = {"python_version": python, "python_full_version": f"{python}.0"}
    return {canonicalize_name(m.group(1)): Version(m.group(2)) for m in PIN.finditer(text)
            if m.group(3) is None or Marker(m.group(3)).evaluate(env)}


def _applies(requirement: Requirement, python: str) -> bool:
    env = {"python_version": python, "python_full_version": f"{python}.0", "extra": ""}
    return requirement.marker is None or requirement.marker.evaluate(env)


@pytest.mark.parametrize(("lock", "extras", "mock"), [("dev.txt", ("test",), True),
                                                      ("demo.txt", (), True),
                                                      ("bundle.txt", (), False),
                                                      ("lowest.txt", ("test",), True)])
def test_every_dependency_is_locked_within_its_range(lock: str, extras: tuple[str, ...],
                                                     mock: bool) -> None:
    for python in PYTHONS:
        pins = _pins(lock, python)
        for requirement in _requirements(*extras, mock=mock):
            if not _applies(requirement, python):
                continue
            name = canonicalize_name(requirement.name)
            assert name in pins, f"{requirement.name} is in pyproject.toml but not in {lock}"
            assert requirement.specifier.contains(pins[name], prereleases=True), (
                f"{lock} pins {name}=={pins[name]} for Python {python},"
                f" outside {requirement.specifier}")


def test_pyside_6_12_0_is_not_locked_for_python_3_11() -> None:
    """It loses references to None on every call (tests/unit/test_pyside_refcounts.py)."""
    for lock in ("dev.txt", "demo.txt", "bundle.txt", "lowest.txt"):
        assert _pins(lock, "3.11")["pyside6-essentials"] != Version("6.12.0"), lock


def test_every_locked_line_has_a_hash() -> None:
    for lock in ("dev.txt", "demo.txt", "bundle.txt", "lowest.txt"):
        text = (ROOT / "requirements" / lock).read_text(encoding="utf-8")
        for block in re.split(r"\n(?=[A-Za-z0-9])", text):
            if PIN.match(block):
                assert "--hash=sha256:" in block, f"{lock}: {block.splitlines()[0]} has no hash"


def test_lowest_lock_holds_each_direct_dependency_at_its_floor() -> None:
    pins = _pins("lowest.txt")
    for requirement in _requirements("test", mock=True):
        if not _applies(requirement, PYTHONS[0]):
            continue
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
