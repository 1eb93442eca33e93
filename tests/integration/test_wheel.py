"""The wheel as a workstation gets it (issue 20): built from this checkout, installed into a
clean virtual environment without extras. It carries the stylesheets and the compiled
catalogue inside the package and no mock-server code or demo passwords, ``--self-test`` finds
the resources and passes, and the window starts offscreen and quits on SIGTERM. The mock
server is the second distribution, cpdesk-mock (packaging/mock): its wheel carries every
module of mock_server/, and installed without its dependencies it says what to install."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
import venv
import zipfile
from pathlib import Path

import pytest

from tests.integration.test_selftest import isolated_env, write_policy

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_the_wheel_installs_alone_and_runs(tmp_path: Path, softhsm_module: str) -> None:
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", str(ROOT),
                            "-w", str(tmp_path / "dist")], capture_output=True, text=True,
                           timeout=600, check=False)
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = (tmp_path / "dist").glob("cpdesk-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for inside in ("cpdesk/resources/cpdesk.qss", "cpdesk/resources/cpdesk-dark.qss",
                   "cpdesk/translations/cpdesk_en_GB.qm"):
        assert inside in names
    assert not [n for n in names if n.endswith(".ts")]  # the catalogue's source stays home
    assert not [n for n in names if n.startswith("mock_server")]  # no mock code on a workstation
    modules = {path.relative_to(ROOT).as_posix() for path in (ROOT / "cpdesk").rglob("*.py")
               if "__pycache__" not in path.parts}
    assert modules <= set(names), sorted(modules - set(names))  # a new subpackage is listed
    assert "cpdesk-mock" not in zipfile.ZipFile(wheel).read(
        next(n for n in names if n.endswith(".dist-info/entry_points.txt"))).decode()

    env_dir = tmp_path / "clean"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / "bin"
    installed = subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "-q",
                                "--disable-pip-version-check", str(wheel)],
                               capture_output=True, text=True, timeout=600, check=False)
    assert installed.returncode == 0, installed.stderr[-2000:]

    write_policy(tmp_path, softhsm_module)
    env = isolated_env(tmp_path)
    outside = tmp_path / "elsewhere"  # not the checkout: only the installed package counts
    outside.mkdir()
    check = subprocess.run([str(bin_dir / "cpdesk"), "--self-test"], env=env, cwd=outside,
                           capture_output=True, text=True, timeout=120, check=False)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "stylesheets and catalogue present" in check.stdout  # from the package itself

    assert not (bin_dir / "cpdesk-mock").exists()
    importable = subprocess.run([str(bin_dir / "python"), "-c", "import mock_server"],
                                cwd=outside, capture_output=True, text=True, check=False)
    assert importable.returncode != 0  # the workstation install has no mock server at all

    log = tmp_path / "home" / ".local" / "state" / "cpdesk" / "log" / "cpdesk.log"
    start = subprocess.Popen([str(bin_dir / "cpdesk"), "--server", "http://127.0.0.1:9"],
                             env={**env, "QT_QPA_PLATFORM": "offscreen"}, cwd=outside,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not (log.exists() and "Ctrl+C or SIGTERM quits" in log.read_text()):
            assert start.poll() is None, start.communicate()[1]
            assert time.monotonic() < deadline, "the installed client did not start"
            time.sleep(0.1)  # polling a starting process's log
        start.send_signal(signal.SIGTERM)
        _out, err = start.communicate(timeout=30)
    finally:
        if start.poll() is None:
            start.kill()
            start.communicate()
    assert start.returncode == 0, err


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_the_mock_server_is_its_own_distribution(tmp_path: Path) -> None:
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                            str(ROOT / "packaging" / "mock"), "-w", str(tmp_path / "dist")],
                           capture_output=True, text=True, timeout=600, check=False)
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = (tmp_path / "dist").glob("cpdesk_mock-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {path.relative_to(ROOT).as_posix() for path in (ROOT / "mock_server").rglob("*.py")
               if "__pycache__" not in path.parts}
    assert modules <= names, sorted(modules - names)  # a new subpackage must be listed
    assert not [n for n in names if n.startswith("cpdesk/")]

    env_dir = tmp_path / "bare"
    venv.create(env_dir, with_pip=True)
    installed = subprocess.run([str(env_dir / "bin" / "python"), "-m", "pip", "install", "-q",
                                "--disable-pip-version-check", "--no-deps", str(wheel)],
                               capture_output=True, text=True, timeout=300, check=False)
    assert installed.returncode == 0, installed.stderr[-2000:]
    mock = subprocess.run([str(env_dir / "bin" / "cpdesk-mock"), "--help"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60, check=False)
    assert mock.returncode == 1 and "pip install cpdesk-mock" in mock.stderr, mock.stderr
    assert "Traceback" not in mock.stderr
