"""The whole journey as a user would, on a real X display (Xvfb) with a real window: sign in
with a SoftHSM token, search, give a reason, read the record, record involvement, lock by
pulling the card, re-insert it, unlock, sign out, quit — then a sentinel scan of every file
the client wrote, its output and its widgets.

The client runs in a subprocess (``journey_driver.py``) because Qt's platform is fixed per
process and this one is offscreen. Its ``HOME``, ``XDG_*`` and ``TMPDIR`` point into a
sandbox folder that is scanned afterwards; the mock server (``cpdesk-mock serve``), its
database and the token folder live outside it.

Screenshots go to ``screenshots/journey/NN-step.png`` in the repository (gitignored). They
are test artefacts of synthetic data and show the planted child by design, so they are kept
out of the scanned folders.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from mock_server.tokens.softhsm import TokenDir, token_folders
from tests.integration.journey_setup import (
    ROOT,
    Sentinels,
    enrol_user,
    mock_cli,
    mock_server,
    plant_child,
    x_display,
)

SHOTS = ROOT / "screenshots" / "journey"
EXPECTED_SHOTS = ("sign-in", "token-picker", "wrong-password", "credentials-typed", "token-pin",
                  "signed-in", "search-results", "reason-dialog", "record", "involvement-dialog",
                  "involvement-recorded", "card-pulled-locked", "card-back", "wrong-pin",
                  "unlocked-empty-search", "signed-out")


def sandbox_env(sandbox: Path, display: str, token_dir: TokenDir) -> dict[str, str]:
    dirs = {name: sandbox / name.lower() for name in (
        "HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME",
        "XDG_RUNTIME_DIR", "XDG_CONFIG_DIRS", "XDG_DATA_DIRS", "TMPDIR")}
    for path in dirs.values():
        path.mkdir(parents=True, mode=0o700)
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "LC_ALL", "XAUTHORITY")}
    return {**keep, **{k: str(v) for k, v in dirs.items()},
            "QT_QPA_PLATFORM": "xcb", "DISPLAY": display, "SOFTHSM2_CONF": str(token_dir.conf),
            "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(ROOT)}


def found_in(data: bytes, marker: str) -> bool:
    """Case-insensitive, in UTF-8 and in UTF-16 (Qt's own encoding)."""
    lowered = data.lower()
    needle = marker.lower()
    return needle.encode() in lowered or needle.encode("utf-16-le") in lowered


def test_whole_journey_leaves_no_child_data_password_or_pin_behind(
        tmp_path: Path, softhsm_module: str) -> None:
    sentinels = Sentinels.make()
    token_dir = TokenDir(tmp_path / "softhsm").ensure()
    sandbox, dumps = tmp_path / "sandbox", tmp_path / "dumps"
    dumps.mkdir()
    SHOTS.mkdir(parents=True, exist_ok=True)
    for old in SHOTS.glob("*.png"):
        old.unlink()

    db = tmp_path / "server" / "directory.sqlite3"
    db.parent.mkdir()
    with x_display() as display, mock_server(db, children=2000) as url:
        child = plant_child(db, sentinels)
        # The demo users' cards sit in the same reader: the user picks hers.
        mock_cli("demo-tokens", "--dir", str(token_dir.root), "--module", softhsm_module,
                 "--db", str(db), env=token_dir.env())
        user = enrol_user(db, softhsm_module, token_dir, sentinels)
        (folder,) = [f for f in token_folders(token_dir)
                     if user.token_label.encode() in (f / "token.object").read_bytes()]
        plan = {"server_url": url, "module": softhsm_module, "username": user.username,
                "password": sentinels.password, "pin": sentinels.pin,
                "family_name": sentinels.family_name, "dob": child.dob.strftime("%d-%m-%Y"),
                "token_label": user.token_label, "token_folder": str(folder),
                "pulled_to": str(token_dir.root / "pulled-card"),
                "shots": str(SHOTS), "dumps": str(dumps)}
        driver = subprocess.run(
            [sys.executable, "-m", "tests.integration.journey_driver"], cwd=ROOT,
            input=json.dumps(plan), env=sandbox_env(sandbox, display, token_dir),
            capture_output=True, text=True, timeout=120, check=False)
    output = driver.stdout + driver.stderr
    assert driver.returncode == 0, output[-4000:]
    assert "journey complete" in driver.stdout

    # Screenshots: one per step, each a real picture (not an empty or blank file).
    shots = sorted(SHOTS.glob("*.png"))
    assert [p.stem.split("-", 1)[1] for p in shots] == list(EXPECTED_SHOTS)
    for shot in shots:
        assert shot.stat().st_size > 5_000, shot.name

    result = json.loads((dumps / "result.json").read_text(encoding="utf-8"))
    assert result["lock_ms"] <= 1000  # product.md §5: locked within 1 s of token removal
    assert result["unlocked_rows"] == 0  # after unlocking, an empty search

    # The widget dumps: the record was on screen (so the scan can see it) ...
    dump = {name: (dumps / f"{name}.txt").read_bytes()
            for name in ("record-open", "after-lock", "after-unlock", "after-signout")}
    for marker in (*sentinels.child_markers, user.display_name):
        assert found_in(dump["record-open"], marker), marker
    # ... and after lock, unlock and sign-out no child value is left in any widget or model.
    for name in ("after-lock", "after-unlock", "after-signout"):
        for marker in sentinels.child_markers:
            assert not found_in(dump[name], marker), (name, marker)
    for name, data in dump.items():
        for secret in sentinels.secrets:
            assert not found_in(data, secret), (name, "a secret")

    # Every file the client wrote (logs included) and everything it printed.
    written = [p for p in sandbox.rglob("*") if p.is_file()]
    # The log is set up in the sandbox (the happy path and these failures may log nothing).
    assert any(p.name == "cpdesk.log" for p in written), "logging was not set up"
    for path in written:
        data = path.read_bytes()
        for marker in (*sentinels.child_markers, *sentinels.secrets):
            assert not found_in(data, marker), (str(path.relative_to(sandbox)), "a sentinel")
    for marker in (*sentinels.child_markers, *sentinels.secrets):
        assert not found_in(output.encode(), marker), "a sentinel in the driver's output"
