"""The PyInstaller onedir bundle builds from packaging/cpdesk.spec in a runtime-only
environment (requirements/bundle.txt: the client's dependencies and PyInstaller), carries
nothing cpdesk never uses, and its ``--self-test`` passes in a fresh environment without a
display (about a minute with the environment: marked slow)."""

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
    python = _runtime_only_environment(tmp_path / "venv")
    dist, work = tmp_path / "dist", tmp_path / "build"
    build = subprocess.run(
        [str(python), "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
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
    shipped = [path.relative_to(internal).as_posix() for path in internal.rglob("*")]
    assert not [name for name in shipped if "QtNetwork" in name or "/tls/" in f"/{name}"]
    assert not [name for name in shipped if name.endswith(".ts")]
    assert (internal / "translations").is_dir() and list((internal / "translations").glob("*.qm"))
    assert (internal / "resources" / "cpdesk.svg").is_file()
    assert [name for name in shipped if name.startswith("python_pkcs11-")]
    assert (work / "cpdesk" / "cpdesk.png").is_file()  # the icon drawn from the SVG
    # every module of cpdesk is in the archive, those it loads by name on first use too
    archived = (work / "cpdesk" / "PYZ-00.toc").read_text()
    modules = {".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
               for path in (ROOT / "cpdesk").rglob("*.py") if "__pycache__" not in path.parts}
    assert not [m for m in sorted(modules) if f"'{m}'" not in archived]

    write_policy(tmp_path, softhsm_module)
    run = subprocess.run([str(executable), "--self-test"], env=isolated_env(tmp_path),
                         capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "(linux, bundled)" in run.stdout or "bundled" in run.stdout
    assert re.search(r"Qt +6\.", run.stdout)
    assert re.search(rf"PKCS#11 module +{re.escape(softhsm_module)} \(admin policy\)",
                     run.stdout)
    assert "result: OK" in run.stdout


def _runtime_only_environment(venv: Path) -> Path:
    """A virtual environment with exactly requirements/bundle.txt and cpdesk (no extras)."""
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "--require-hashes", "-r", str(ROOT / "requirements" / "bundle.txt")],
                   check=True, timeout=600, capture_output=True)
    subprocess.run([*pip, "--no-deps", str(ROOT)], check=True, timeout=300,
                   capture_output=True)
    listed = subprocess.run([str(python), "-m", "pip", "list", "--format=freeze"],
                            check=True, capture_output=True, text=True).stdout.lower()
    assert "fastapi" not in listed and "pytest" not in listed and "pyinstaller" in listed
    return python
