"""The PyInstaller onedir bundle builds from packaging/cpdesk.spec and its ``--self-test``
passes in a fresh environment without a display (about 40 s to build: marked slow)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.integration.test_selftest import isolated_env, write_policy

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_onedir_bundle_self_test(tmp_path: Path, softhsm_module: str) -> None:
    dist, work = tmp_path / "dist", tmp_path / "build"
    build = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
         "--distpath", str(dist), "--workpath", str(work), str(ROOT / "packaging" /
                                                             "cpdesk.spec")],
        cwd=ROOT, capture_output=True, text=True, timeout=840, check=False)
    assert build.returncode == 0, build.stderr[-3000:]
    folder = dist / "cpdesk"
    executable = folder / ("cpdesk.exe" if sys.platform == "win32" else "cpdesk")
    assert executable.is_file()
    assert not (dist / "cpdesk.exe").exists() and folder.is_dir()  # onedir, not onefile
    internal = folder / "_internal"
    assert (internal / "resources" / "cpdesk.qss").is_file()
    assert not (internal / "mock_server").exists()

    write_policy(tmp_path, softhsm_module)
    run = subprocess.run([str(executable), "--self-test"], env=isolated_env(tmp_path),
                         capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "(linux, bundled)" in run.stdout or "bundled" in run.stdout
    assert re.search(r"Qt +6\.", run.stdout)
    assert re.search(rf"PKCS#11 module +{re.escape(softhsm_module)} \(admin policy\)",
                     run.stdout)
    assert "result: OK" in run.stdout
