"""`cpdesk-mock trainees N` on real SoftHSM tokens: the sheet's accounts sign in with their
own tokens against a running training server; passwords and PINs are nowhere but the sheet."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from cpdesk.api.client import DirectoryClient
from cpdesk.auth.signin import TokenSigner
from cpdesk.auth.token import Pkcs11Module
from cpdesk.domain import RoleKind
from mock_server.http.app import ServerConfig, create_app
from mock_server.http.runner import ServerThread
from mock_server.tokens.softhsm import TokenDir
from tests.signin_steps import sign_in


def parse_sheet(text: str) -> list[dict[str, str]]:
    lines = text.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("user name"))
    rows = []
    for line in lines[header + 1:]:
        username, password, label, pin, until = line.split()
        rows.append({"username": username, "password": password, "label": label, "pin": pin,
                     "until": until})
    return rows


def run_trainees(count: int, db: Path, module: str, token_dir: TokenDir,
                 prefix: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mock_server", "trainees", str(count), "--module", module,
         "--db", str(db), "--dir", str(token_dir.root), "--prefix", prefix],
        env={**os.environ, **token_dir.env()}, capture_output=True, text=True, timeout=120)


def test_trainee_tokens_sign_in(tmp_path: Path, softhsm_module: str,
                                token_dir: TokenDir) -> None:
    db = tmp_path / "training.sqlite3"
    app = create_app(ServerConfig(environment="training", db_path=db, children=300, seed=5))
    prefix = f"t{os.getpid() % 1000}x"
    with ServerThread(app) as server:
        done = run_trainees(2, db, softhsm_module, token_dir, prefix)
        assert done.returncode == 0, done.stderr
        assert "fictional records only" in done.stdout
        assert f"SOFTHSM2_CONF={token_dir.conf}" in done.stdout
        sheet = parse_sheet(done.stdout)
        assert [r["username"] for r in sheet] == [f"{prefix}01", f"{prefix}02"]
        assert len({r["password"] for r in sheet}) == 2
        assert all(len(r["pin"]) == 6 and r["pin"].isdigit() for r in sheet)

        module = Pkcs11Module(softhsm_module)
        module.reinitialize()  # the tokens were made by another process
        serials = {t.label: t.serial for t in module.tokens()}
        for row in sheet:
            client = DirectoryClient(server.url)
            try:
                session = sign_in(client, TokenSigner(module), row["username"],
                                  row["password"], bytearray(row["pin"].encode()),
                                  serial=serials[row["label"]])
            finally:
                client.close()
            assert session.role is not None and session.role.role is RoleKind.PRACTITIONER
            assert session.role.organisation == "Training room"

        # a second run adds more trainees after the existing ones
        again = run_trainees(1, db, softhsm_module, token_dir, prefix)
        assert again.returncode == 0, again.stderr
        assert [r["username"] for r in parse_sheet(again.stdout)] == [f"{prefix}03"]

    # A 6-digit PIN may occur by chance among the children's numbers, so it is looked for
    # in the account tables and every other file; the password everywhere.
    conn = sqlite3.connect(db)
    accounts = repr([conn.execute(f"SELECT * FROM {t}").fetchall()  # noqa: S608
                     for t in ("users", "user_roles", "user_certificates")]).encode()
    conn.close()
    others = b"".join(p.read_bytes() for p in tmp_path.rglob("*")
                      if p.is_file() and not p.name.startswith(db.name))
    for row in sheet:
        assert row["password"].encode() not in db.read_bytes() + others
        assert row["pin"].encode() not in accounts + others


def test_trainees_need_an_existing_database(tmp_path: Path, softhsm_module: str,
                                            token_dir: TokenDir) -> None:
    done = run_trainees(1, tmp_path / "missing.sqlite3", softhsm_module, token_dir, "nobody")
    assert done.returncode == 1
    assert "No database" in done.stderr
    assert not (tmp_path / "missing.sqlite3").exists()


@pytest.mark.parametrize("count", ["0", "201"])
def test_trainee_count_is_bounded(count: str, tmp_path: Path) -> None:
    from mock_server.__main__ import main

    assert main(["trainees", count, "--db", str(tmp_path / "x.sqlite3")]) == 2
