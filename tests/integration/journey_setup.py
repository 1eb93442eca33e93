"""The test side of the whole-journey test: a virtual X display, the mock server as a
subprocess (``cpdesk-mock serve``), a planted sentinel child, a user whose password and PIN
carry a sentinel, enrolled on a fresh SoftHSM token with ``cpdesk-mock users add`` + ``enrol``.

Every value is synthetic: phone numbers from Ofcom's drama ranges, e-mail at example.org.
"""

from __future__ import annotations

import os
import select
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from mock_server.data.ids import check_digit
from mock_server.data.names import metaphone, name_tokens, normalise, soundex
from mock_server.tokens.softhsm import TokenDir, init_token

ROOT = Path(__file__).resolve().parents[2]
SCREEN = "1600x1000x24"


@dataclass(frozen=True, slots=True)
class Sentinels:
    """Unique markers. The family name may hold letters and hyphens only (the search form's
    rule), so its marker spells the uuid in letters; the address keeps the uuid itself."""

    family_name: str
    given_name: str
    address_marker: str
    password: str
    pin: str

    @classmethod
    def make(cls) -> Sentinels:
        letters = uuid.uuid4().hex.translate(str.maketrans("0123456789", "ghijklmnop"))
        return cls(family_name=f"Zzsentinel-{letters}", given_name="Quinn",
                   address_marker=f"ZZSENTINEL-{uuid.uuid4()}",
                   password=f"ZZSENTINEL-pw-{uuid.uuid4().hex}",
                   pin=f"ZZSENTINEL-pin-{uuid.uuid4().hex[:16]}")

    @property
    def child_markers(self) -> tuple[str, ...]:
        """What must never be on disk, and never in a widget after lock or sign-out."""
        return (self.family_name.split("-", 1)[1], self.address_marker)

    @property
    def secrets(self) -> tuple[str, ...]:
        """What must be nowhere at all."""
        return (self.password, self.pin)


@dataclass(frozen=True, slots=True)
class PlantedChild:
    directory_id: str
    dob: date


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def x_display() -> Iterator[str]:
    """The display the suite runs under (``xvfb-run`` in ``scripts/test``), else an Xvfb of
    our own; ``-displayfd`` reports the display number it took (no guessing, no sleeping)."""
    existing = os.environ.get("DISPLAY")
    if existing:
        yield existing
        return
    xvfb = shutil.which("Xvfb")
    assert xvfb is not None, "Xvfb is not installed (apt-get install xvfb)"
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen([xvfb, "-displayfd", str(write_fd), "-screen", "0", SCREEN,
                             "-nolisten", "tcp"], pass_fds=(write_fd,),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_fd)
    try:
        ready, _, _ = select.select([read_fd], [], [], 20)
        assert ready, "Xvfb did not report a display"
        number = os.read(read_fd, 64).decode().strip()
        assert number.isdigit(), "Xvfb did not report a display"
        yield f":{number}"
    finally:
        os.close(read_fd)
        proc.terminate()
        proc.wait(10)


def mock_cli(*args: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run([sys.executable, "-m", "mock_server", *args], cwd=ROOT,
                          env={**os.environ, **(env or {})}, capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, f"cpdesk-mock {args[0]} failed: {done.stderr[-2000:]}"
    return done.stdout


@contextmanager
def mock_server(db: Path, children: int) -> Iterator[str]:
    """``cpdesk-mock serve`` in a subprocess; ready once ``/api/v1/meta`` answers."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([sys.executable, "-m", "mock_server", "serve", "--db", str(db),
                             "--port", str(port), "--children", str(children), "--seed", "11"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, "the mock server exited during start-up"
            assert time.monotonic() < deadline, "the mock server did not start in time"
            try:
                with urllib.request.urlopen(f"{url}/api/v1/meta",  # noqa: S310 - loopback
                                            timeout=2) as answer:
                    if answer.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.1)  # polling the server's readiness, not waiting blindly
        yield url
    finally:
        stop(proc)
        if proc.stderr is not None:
            proc.stderr.close()


def stop(proc: subprocess.Popen[str] | subprocess.Popen[bytes]) -> None:
    """Terminate a helper process, kill it if it does not end in time, and reap it."""
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)


def plant_child(db: Path, sentinels: Sentinels) -> PlantedChild:
    """A Bolton child whose family name and address line carry the sentinels, written with
    the store's schema and the population's own name keys, plus a parent."""
    dob = date(2012, 3, 4)
    family, given = sentinels.family_name, sentinels.given_name
    key = normalise(family)
    conn = sqlite3.connect(db, timeout=10, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        (la_id,) = conn.execute(
            "SELECT la_id FROM local_authorities WHERE name = 'Bolton'").fetchone()
        school = conn.execute("SELECT school_id FROM schools WHERE la_id = ? AND type ="
                              " 'secondary' ORDER BY school_id LIMIT 1", (la_id,)).fetchone()
        gp = conn.execute("SELECT gp_id FROM gp_practices WHERE la_id = ? ORDER BY gp_id"
                          " LIMIT 1", (la_id,)).fetchone()
        directory_id = _unused_directory_id(conn)
        family_id = int(conn.execute("SELECT coalesce(max(family_id), 0) + 1 FROM"
                                     " children").fetchone()[0])
        conn.execute("INSERT INTO parents (family_id, name, relationship, parental_responsibility,"
                     " phone, email, address) VALUES (?, ?, ?, ?, ?, ?, ?)",
                     (family_id, f"Robin {family}", "mother", 1, "07700 900777",
                      "robin.parent@example.org", None))
        cur = conn.execute(
            "INSERT INTO children (directory_id, family_id, family_name, given_names, known_as,"
            " dob, gender, la_id, town, postcodes, family_key, family_soundex,"
            " family_metaphone, given_keys, school_id, school_since, gp_id, caf, shielded,"
            " archived, consent, last_updated)"
            " VALUES (?, ?, ?, ?, NULL, ?, 'female', ?, 'Bolton', 'BL14ZZ', ?, ?, ?, ?, ?,"
            " '2023-09-04', ?, 0, 0, 0, 0, ?)",
            (directory_id, family_id, family, given, dob.isoformat(), la_id, key,
             soundex(key), metaphone(key), " ".join(name_tokens(given)),
             school[0] if school else None, gp[0] if gp else None,
             f"{date.today().isoformat()}T09:00:00Z"))
        conn.execute("INSERT INTO addresses VALUES (?, ?, 'Bolton', 'BL1 4ZZ', '2020-01-06',"
                     " NULL, 1)", (cur.lastrowid, f"7 {sentinels.address_marker} Lane"))
        conn.execute("COMMIT")
    finally:
        conn.close()
    return PlantedChild(directory_id, dob)


def _unused_directory_id(conn: sqlite3.Connection) -> str:
    for n in range(399_999_999, 300_000_000, -1):
        digit = check_digit(str(n))
        if digit is None:
            continue
        candidate = f"{n}{digit}"
        if conn.execute("SELECT 1 FROM children WHERE directory_id = ?",
                        (candidate,)).fetchone() is None:
            return candidate
    raise AssertionError("no free directory ID")


@dataclass(frozen=True, slots=True)
class JourneyUser:
    username: str
    display_name: str
    token_label: str


def enrol_user(db: Path, module: str, token_dir: TokenDir, sentinels: Sentinels) -> JourneyUser:
    """A fresh SoftHSM token (PIN = the PIN sentinel), a user (password = the password
    sentinel) added and enrolled through the ``cpdesk-mock`` command line."""
    user = JourneyUser("journey.nurse", "Jo Journey", "journey-card")
    init_token(token_dir, user.token_label, sentinels.pin, "so-" + uuid.uuid4().hex[:12])
    mock_cli("users", "add", user.username, "--password", sentinels.password,
             "--role", "practitioner", "--organisation", "Royal Bolton Hospital",
             "--local-authority", "Bolton", "--display-name", user.display_name,
             "--job-title", "Staff nurse", "--phone", "01632 960555",
             "--email", "jo.journey@example.org", "--db", str(db))
    mock_cli("enrol", user.username, "--module", module, "--token-label", user.token_label,
             "--pin", sentinels.pin, "--db", str(db), env=token_dir.env())
    return user
