"""A real PC/SC stack for tests: private pcscd + vpcd reader + virtual OpenPGP card + OpenSC.

    with CardStack(tmp_path) as stack:
        stack.insert_card(serial="0000CAFE")   # returns once OpenSC shows the token
        subprocess.run([...], env=stack.environ())   # anything loading stack.module_path
        stack.remove_card()                    # returns once the token is gone

Isolation: pcsc-lite 1.9.9's *daemon* ignores ``PCSCLITE_CSOCK_NAME`` (only the client library
reads it) and always uses /run/pcscd/{pcscd.comm,pcscd.pid} - and removes them on exit. So
pcscd runs in a private mount namespace (``unshare --mount``; ``--map-root-user`` when not
root) where a tmpfs hides /run and the temp dir is bind-mounted on /run/pcscd: its socket is
``<base>/pcscd.comm`` for everyone else. In the same namespace /usr/lib/pcsc/drivers is
replaced by a folder holding only ``serial/`` (vpcd), so this pcscd loads no USB driver and
never touches a real reader. Nothing is written to /etc or the host's /run.

Note: vpcd listens on 0.0.0.0:<port> (its server socket is hard-wired to INADDR_ANY); the card
process connects to 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Self

MODULE_PATH = "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so"
VPCD_DRIVER = "/usr/lib/pcsc/drivers/serial/libifdvpcd.so"
PCSC_DRIVERS_DIR = "/usr/lib/pcsc/drivers"
PCSCD = "/usr/sbin/pcscd"
USER_PIN = "123456"
ADMIN_PIN = "12345678"  # the SO PIN in PKCS#11 terms
DEFAULT_SERIAL = "00000001"
# OpenSC's token serial is manufacturer (FF00, see openpgp_card.MANUFACTURER) + AID serial.
TOKEN_SERIAL_PREFIX = "ff00"

REPO_ROOT = Path(__file__).resolve().parents[2]
_SUN_PATH_MAX = 107  # sizeof(sockaddr_un.sun_path) - 1

# pcscd's view of the world, set up inside its own mount namespace (see module docstring).
_NAMESPACE_SCRIPT = """
set -e  # mount -n: no utab entry under the host's /run/mount
base=$1 drivers=$2 confdir=$3; shift 3
mount -n -t tmpfs -o mode=0755 cpdesk-pcscd-run /run
mkdir /run/pcscd
mount -n --bind "$base" /run/pcscd
mount -n --bind {drivers_dir}/serial "$drivers/serial"
mount -n --rbind "$drivers" {drivers_dir}
exec {pcscd} --foreground --config "$confdir" "$@"
"""

_OPENSC_CONF = """\
# Written by tests/realcard/stack.py: no file cache (token state must come from the card).
app default {{
    debug = {debug};
    debug_file = {debug_file};
    framework pkcs15 {{
        use_file_caching = no;
    }}
}}
"""


class StackError(RuntimeError):
    """The stack did not come up (see the log files named in the message)."""


def missing_packages() -> list[str]:
    """Debian packages this stack needs that are not installed (empty list: all there)."""
    wanted = {"pcscd": PCSCD, "opensc-pkcs11": MODULE_PATH, "vsmartcard-vpcd": VPCD_DRIVER}
    return [package for package, path in wanted.items() if not os.path.exists(path)]


def _bindable(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("0.0.0.0", port))  # noqa: S104 - vpcd itself binds INADDR_ANY
        except OSError:
            return False
    return True


def _free_port() -> int:
    """A port where vpcd can listen: it opens two slots, on *port* and *port* + 1 (both on
    0.0.0.0), and if the second is taken pcscd drops the whole reader."""
    for _ in range(100):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind(("127.0.0.1", 0))
            port: int = sock.getsockname()[1]
        if port < 65535 and _bindable(port) and _bindable(port + 1):
            return port
    raise StackError("no two free neighbouring ports for the vpcd reader")


def _normalise_serial(serial: str) -> str:
    value = int(serial, 16)
    if not 0 <= value <= 0xFFFFFFFF:
        raise ValueError(f"card serial must be 1-8 hex digits: {serial!r}")
    return f"{value:08x}"


class CardStack:
    """pcscd (own socket, own reader.conf.d) + one vpcd reader + at most one virtual card."""

    module_path: str = MODULE_PATH

    def __init__(self, base_dir: str | os.PathLike[str], *, debug: bool = False) -> None:
        """``base_dir``: an existing, private temp folder. ``debug``: pcscd logs APDUs
        (``-d -a``), the card process logs APDUs, OpenSC writes ``opensc-debug.log``."""
        self.base_dir = Path(base_dir).resolve()
        self.debug = debug
        self.port = _free_port()
        self.pcscd_log = self.base_dir / "pcscd.log"
        self.opensc_conf = self.base_dir / "opensc.conf"
        self._socket_link: Path | None = None
        self.socket_path = self._socket_name(self.base_dir / "pcscd.comm")
        self._pcscd: subprocess.Popen[bytes] | None = None
        self._card: subprocess.Popen[bytes] | None = None
        self._card_serial: str | None = None
        self._card_log: IO[bytes] | None = None
        self._pcscd_log: IO[bytes] | None = None

    # -- environment ------------------------------------------------------------------------

    @property
    def env(self) -> dict[str, str]:
        """Variables a process loading ``module_path`` needs (set them before it loads)."""
        return {
            "PCSCLITE_CSOCK_NAME": str(self.socket_path),
            "OPENSC_CONF": str(self.opensc_conf),
        }

    def environ(self) -> dict[str, str]:
        """``os.environ`` plus :attr:`env`: pass as ``env=`` to a subprocess."""
        return {**os.environ, **self.env}

    def _socket_name(self, wanted: Path) -> Path:
        # A unix socket path must fit in sun_path; pytest's tmp_path may not. connect() follows
        # symlinks, so a short link to the folder does the job.
        if len(str(wanted)) <= _SUN_PATH_MAX:
            return wanted
        link = Path(tempfile.mkdtemp(prefix="cpdesk-pcsc-")) / "d"
        link.symlink_to(wanted.parent)
        self._socket_link = link
        return link / wanted.name

    # -- lifecycle --------------------------------------------------------------------------

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self, timeout: float = 10.0) -> Self:
        """Write the configuration, start pcscd, return once its socket is up."""
        missing = missing_packages()
        if missing:
            raise StackError(f"missing Debian packages: {' '.join(missing)}")
        if self._pcscd is not None:
            return self
        conf_dir = self.base_dir / "reader.conf.d"
        conf_dir.mkdir(exist_ok=True)
        (conf_dir / "vpcd").write_text(
            f'FRIENDLYNAME "Virtual PCD"\n'
            f"DEVICENAME   /dev/null:0x{self.port:04X}\n"
            f"LIBPATH      {VPCD_DRIVER}\n"
            f"CHANNELID    0x{self.port:04X}\n"
        )
        drivers = self.base_dir / "pcsc-drivers"
        (drivers / "serial").mkdir(parents=True, exist_ok=True)
        self.opensc_conf.write_text(
            _OPENSC_CONF.format(
                debug=9 if self.debug else 0,
                debug_file=self.base_dir / "opensc-debug.log" if self.debug else "stderr",
            )
        )
        script = _NAMESPACE_SCRIPT.format(drivers_dir=PCSC_DRIVERS_DIR, pcscd=PCSCD)
        unshare = ["unshare", "--mount", "--propagation", "private"]
        if os.geteuid() != 0:
            unshare.append("--map-root-user")
        pcscd_args = ["-d", "-a"] if self.debug else ["-i"]
        self._pcscd_log = log = self.pcscd_log.open("ab")
        self._pcscd = subprocess.Popen(
            [*unshare, "sh", "-c", script, "pcscd-ns", str(self.base_dir), str(drivers),
             str(conf_dir), *pcscd_args],
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + timeout
        while not (self.base_dir / "pcscd.comm").exists():
            if (status := self._pcscd.poll()) is not None:
                self.stop()
                raise StackError(f"pcscd exited ({status}), see {self.pcscd_log}")
            if time.monotonic() > deadline:
                self.stop()
                raise StackError(f"pcscd socket did not appear, see {self.pcscd_log}")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        """Pull the card, stop pcscd, close logs. Idempotent."""
        with contextlib.suppress(StackError):
            self.remove_card(wait=False)
        if self._pcscd is not None:
            _terminate(self._pcscd)
            self._pcscd = None
        if self._pcscd_log is not None:
            self._pcscd_log.close()
            self._pcscd_log = None
        if self._socket_link is not None:
            shutil.rmtree(self._socket_link.parent, ignore_errors=True)
            self._socket_link = None

    # -- the card ---------------------------------------------------------------------------

    def card_state_dir(self, serial: str = DEFAULT_SERIAL) -> Path:
        """Default state folder of the card with this serial (kept across insertions)."""
        return self.base_dir / "cards" / _normalise_serial(serial)

    def card_log(self, serial: str = DEFAULT_SERIAL) -> Path:
        return self.base_dir / f"card-{_normalise_serial(serial)}.log"

    def token_serial(self, serial: str = DEFAULT_SERIAL) -> str:
        """The CKA/token serial OpenSC reports for the card with this AID serial."""
        return TOKEN_SERIAL_PREFIX + _normalise_serial(serial)

    def insert_card(
        self,
        serial: str = DEFAULT_SERIAL,
        state_dir: str | os.PathLike[str] | None = None,
        *,
        user_pin: str = USER_PIN,
        admin_pin: str = ADMIN_PIN,
        timeout: float = 20.0,
    ) -> Path:
        """Start the card process; return its state dir once OpenSC lists the token.

        A new ``state_dir`` makes a factory-fresh card (serial, PINs applied); an existing one
        re-inserts that card as it was. Only one card at a time (one reader).
        """
        if self._pcscd is None:
            raise StackError("stack not started")
        if self._card is not None:
            raise StackError(f"card {self._card_serial} is already inserted")
        serial = _normalise_serial(serial)
        state = Path(state_dir) if state_dir is not None else self.card_state_dir(serial)
        state.mkdir(parents=True, exist_ok=True)
        self._card_log = log = self.card_log(serial).open("ab")
        self._card = subprocess.Popen(
            [sys.executable, "-m", "tests.realcard.virtual_card", "--state", str(state),
             "--port", str(self.port), "--serial", serial, "--user-pin", user_pin,
             "--admin-pin", admin_pin, *(["-v"] if self.debug else [])],
            cwd=REPO_ROOT, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        self._card_serial = serial
        # The token serial comes from the AID, which only the first creation sets.
        expected = self.token_serial(serial) if state_dir is None else None
        try:
            self._wait_tokens(lambda tokens: _has_token(tokens, expected), timeout, "appear")
        except BaseException:
            self.remove_card(wait=False)
            raise
        return state

    def remove_card(self, *, wait: bool = True, timeout: float = 10.0) -> None:
        """Stop the card process ("pull the card"); by default wait until the token is gone."""
        if self._card is None:
            return
        _terminate(self._card)
        self._card = None
        self._card_serial = None
        if self._card_log is not None:
            self._card_log.close()
            self._card_log = None
        if wait:
            self._wait_tokens(lambda tokens: not tokens, timeout, "disappear")

    @property
    def card_inserted(self) -> bool:
        return self._card is not None and self._card.poll() is None

    def p11_command(self, *args: str) -> list[str]:
        """argv running :mod:`tests.realcard.p11_child` on this stack's module; start it with
        ``cwd=REPO_ROOT, env=self.environ()``."""
        return [sys.executable, "-m", "tests.realcard.p11_child", self.module_path, *args]

    def run_p11(self, *args: str, timeout: float = 120.0) -> dict[str, Any]:
        """Run one :mod:`tests.realcard.p11_child` command in a child process; its JSON result.
        E.g. ``run_p11("provision")``, ``run_p11("sign", "--pin", USER_PIN)``."""
        result = subprocess.run(
            self.p11_command(*args),
            cwd=REPO_ROOT, env=self.environ(), capture_output=True, text=True,
            timeout=timeout, check=False,
        )  # fmt: skip
        if result.returncode != 0:
            raise StackError(f"p11_child {' '.join(args)} failed: {result.stderr[-3000:]}")
        output: dict[str, Any] = json.loads(result.stdout.splitlines()[-1])
        return output

    def tokens(self) -> list[dict[str, Any]]:
        """Token-present slots as OpenSC shows them right now, from a fresh PKCS#11 client:
        ``[{"slot": int, "label": str, "serial": str, "flags": [str, ...]}, ...]``."""
        tokens: list[dict[str, Any]] = self.run_p11("list", timeout=60)["tokens"]
        return tokens

    def _wait_tokens(
        self, done: Callable[[list[dict[str, Any]]], bool], timeout: float, what: str
    ) -> None:
        deadline = time.monotonic() + timeout
        while True:
            if self._card is not None and (status := self._card.poll()) is not None:
                log = self.card_log(self._card_serial or DEFAULT_SERIAL)
                raise StackError(f"card process exited ({status}), see {log}")
            if done(self.tokens()):
                return
            if time.monotonic() > deadline:
                raise StackError(
                    f"token did not {what} within {timeout}s; see {self.pcscd_log} and "
                    f"{self.base_dir}/card-*.log"
                )
            time.sleep(0.1)


def _has_token(tokens: list[dict[str, Any]], serial: str | None) -> bool:
    return any(serial is None or str(t["serial"]).lower() == serial for t in tokens)


def _terminate(process: subprocess.Popen[bytes], timeout: float = 5.0) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
