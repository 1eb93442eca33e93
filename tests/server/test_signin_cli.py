"""`cpdesk-mock users add`: users, repeated for a second role; passwords only as slow hashes."""

from __future__ import annotations

from pathlib import Path

import pytest

from mock_server.__main__ import main
from mock_server.data.users import UserStore

SENTINEL_PASSWORD = "ZZSENTINEL-pw-6f1c2b"


def add(db: Path, *extra: str, password: str = SENTINEL_PASSWORD,
        organisation: str = "Moorside High School", la: str = "Bolton") -> int:
    return main(["users", "add", "dan.welfare", "--password", password, "--role",
                 "practitioner", "--organisation", organisation, "--local-authority", la,
                 "--db", str(db), *extra])


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "directory.sqlite3"
    UserStore(path).close()
    return path


def test_users_add_twice_gives_two_roles(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert add(db, "--display-name", "Daniel Okafor", "--job-title", "Welfare officer",
               "--email", "daniel.okafor@example.org", "--phone", "01632 960202") == 0
    assert add(db, organisation="Hindley Green Primary School", la="Wigan") == 0
    out = capsys.readouterr().out
    assert "r2  practitioner Hindley Green Primary School (Wigan)" in out
    assert SENTINEL_PASSWORD not in out

    user = UserStore(db).get("dan.welfare")
    assert user is not None
    assert [(r.role_id, r.organisation, r.local_authority) for r in user.roles] == [
        ("r1", "Moorside High School", "Bolton"),
        ("r2", "Hindley Green Primary School", "Wigan")]
    assert (user.display_name, user.job_title, user.email) == (
        "Daniel Okafor", "Welfare officer", "daniel.okafor@example.org")
    assert UserStore(db).check_password("dan.welfare", SENTINEL_PASSWORD) == user

    assert add(db) == 0  # the same role again adds nothing
    assert len(UserStore(db).get("dan.welfare").roles) == 2  # type: ignore[union-attr]


def test_password_is_stored_only_as_a_salted_hash(db: Path) -> None:
    assert add(db) == 0
    for path in db.parent.iterdir():
        assert SENTINEL_PASSWORD.encode() not in path.read_bytes()
    hashes = [row[0] for row in UserStore(db)._conn.execute(
        "SELECT password_hash FROM users")]
    assert hashes[0].startswith("scrypt$")
    other = UserStore(db)
    other.add("second", SENTINEL_PASSWORD, "manager", "Bolton ContactPoint Team", "Bolton")
    second = other._conn.execute(
        "SELECT password_hash FROM users WHERE username = 'second'").fetchone()[0]
    assert second != hashes[0]  # salted: the same password, a different hash


def test_second_role_needs_the_same_password(db: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert add(db) == 0
    assert add(db, password="Another-password-1", organisation="Other School") == 1
    err = capsys.readouterr().err
    assert "different password" in err
    assert "Another-password-1" not in err
    assert len(UserStore(db).get("dan.welfare").roles) == 1  # type: ignore[union-attr]


def test_users_add_refuses_a_missing_database_and_bad_role(
        tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere.sqlite3"
    assert add(missing) == 1
    assert not missing.exists()
    assert "cpdesk-mock serve" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["users", "add", "x", "--password", "Long-enough-1", "--role", "admin",
              "--organisation", "O", "--local-authority", "L", "--db", str(db)])
