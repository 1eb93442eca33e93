"""Settings in layers: defaults < user settings < ``CPDESK_*`` env < command line < admin policy.

- *User settings*: ``settings.toml`` in ``platformdirs.user_config_dir("cpdesk")`` (written by
  the settings dialog).
- *Environment and command line*: for support staff and testing, this run only. They beat
  the user's settings but never admin policy: anyone on a shared PC can set them.
- *Admin policy*: ``policy.toml`` in ``platformdirs.site_config_dir("cpdesk")`` and, on
  Windows, the policy registry key (read by a :class:`PolicySource` the caller hands in, so
  this module stays free of Qt). Every key a policy sets is *locked*: no other layer
  overrides it, and the settings dialog shows it as "Managed by your organisation" and
  cannot change it.
- ``idle_lock_minutes`` is a ceiling once policy sets it: any other layer may only shorten it.
- Capture protection can be turned off only by policy, or by the user where policy sets
  ``allow_user_capture_choice = true``.
- ``extra_ca_file`` (a CA trusted besides the OS store) comes from admin policy only: a
  ``CPDESK_EXTRA_CA_FILE`` variable or a user setting is ignored, and there is no flag.
- ``lock_on_minimise`` (default true: minimising the window locks it) comes from admin policy
  only, like ``extra_ca_file``: ``lock_on_minimise = false`` makes minimising only curtain.
- ``server_url`` must be ``https://``, or ``http://`` on this computer
  (:mod:`cpdesk.url_policy`): another address is ignored from a file or the environment
  (logged by key name), refused by ``--server`` with the plain message, and refused by
  :func:`save_user_settings` (:class:`~cpdesk.url_policy.ServerUrlRefused`).

Every value knows the layer it came from (:meth:`Settings.source`). Files hold no secrets.
"""

from __future__ import annotations

import argparse
import logging
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path
from typing import Protocol

import platformdirs

from cpdesk import __version__
from cpdesk.url_policy import check_server_url, server_url_problem

DEFAULT_SERVER_URL = "http://127.0.0.1:8765"
PROFILES = ("live", "training", "test")
TOKEN_REMOVAL_ACTIONS = ("lock", "sign-out")
# How much the log says (never child data at any level): IT's support desk asks for "debug".
LOG_LEVELS = ("warning", "info", "debug")
IDLE_LOCK_MIN, IDLE_LOCK_MAX, IDLE_LOCK_DEFAULT = 1, 15, 5
POLICY_FILE = "policy.toml"
USER_FILE = "settings.toml"

_log = logging.getLogger(__name__)


class Source(Enum):
    DEFAULT = "default"
    USER = "user settings"
    POLICY = "admin policy"
    ENVIRONMENT = "environment"
    COMMAND_LINE = "command line"


@dataclass(frozen=True, slots=True)
class Settings:
    server_url: str = DEFAULT_SERVER_URL
    pkcs11_module: str | None = None
    demo_username: str | None = None
    # Which kind of directory this installation is for: "live", "training" or "test".
    # The client refuses a server whose environment does not match (training mode issue).
    profile: str = "live"
    idle_lock_minutes: int = IDLE_LOCK_DEFAULT
    idle_lock_ceiling: int = IDLE_LOCK_MAX  # policy's value when set: users may only shorten
    capture_protection: bool = True
    allow_user_capture_choice: bool = False
    token_removal: str = "lock"  # noqa: S105 - an action name, not a secret
    extra_ca_file: str | None = None
    proxy: str | None = None
    no_proxy: str | None = None
    remember_username: bool = True
    lock_on_minimise: bool = True
    log_level: str = "info"
    self_test: bool = False
    sources: Mapping[str, Source] = field(default_factory=dict, compare=False)
    locked: frozenset[str] = frozenset()
    policy_paths: tuple[str, ...] = ()

    def source(self, name: str) -> Source:
        return self.sources.get(name, Source.DEFAULT)

    def is_locked(self, name: str) -> bool:
        """Set by admin policy: the user may not change it (idle lock: may only shorten)."""
        return name in self.locked

    def user_may_change_capture(self) -> bool:
        return self.allow_user_capture_choice and "capture_protection" not in self.locked


# The keys a layer may set, with their type. demo_username and self_test are command-line
# and environment only; policy-only keys are refused in user settings.
_KEYS: dict[str, type] = {
    "server_url": str, "pkcs11_module": str, "demo_username": str, "profile": str,
    "idle_lock_minutes": int, "capture_protection": bool, "allow_user_capture_choice": bool,
    "token_removal": str, "extra_ca_file": str, "proxy": str, "no_proxy": str,
    "remember_username": bool, "lock_on_minimise": bool, "log_level": str,
}
USER_KEYS = frozenset({"server_url", "pkcs11_module", "profile", "idle_lock_minutes",
                       "capture_protection", "remember_username"})
POLICY_KEYS = frozenset(_KEYS) - {"demo_username"}
# Admin policy only (never user settings, the environment or a flag): trust beyond the OS
# store, and leave to minimise the window without locking it.
POLICY_ONLY_KEYS = frozenset({"extra_ca_file", "lock_on_minimise"})
RUN_KEYS = frozenset(_KEYS) - POLICY_ONLY_KEYS  # environment and command line
ENV_NAMES: dict[str, str] = {key: "CPDESK_" + key.upper() for key in RUN_KEYS}


def key_type(key: str) -> type:
    """The type of a setting's value (str, int or bool)."""
    return _KEYS[key]
ENV_NAMES["demo_username"] = "CPDESK_DEMO_USER"


class PolicySource(Protocol):
    """One place admin policy comes from (a TOML file, the Windows registry)."""

    @property
    def name(self) -> str: ...

    def read(self) -> Mapping[str, object]: ...


@dataclass(frozen=True, slots=True)
class TomlPolicy:
    path: Path

    @property
    def name(self) -> str:
        return str(self.path)

    def read(self) -> Mapping[str, object]:
        return read_toml(self.path)


def read_toml(path: Path) -> Mapping[str, object]:
    """A TOML file's table; a missing file is empty, a broken one (unreadable, not UTF-8, not
    TOML) is ignored and logged. The TOML parser is imported only when there is a file to
    parse: usually there is none, and every start reads two (issue 18: cold start)."""
    try:
        with path.open("rb") as handle:
            import tomllib

            data = tomllib.load(handle)
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:  # tomllib.TOMLDecodeError and UnicodeDecodeError
        _log.warning("settings file unreadable, ignored (%s)", type(exc).__name__)
        return {}
    table = data.get("cpdesk", data)
    return table if isinstance(table, dict) else {}


def default_policy_sources() -> list[PolicySource]:
    return [TomlPolicy(Path(platformdirs.site_config_dir("cpdesk", appauthor=False))
                       / POLICY_FILE)]


def default_user_file() -> Path:
    return Path(platformdirs.user_config_dir("cpdesk", appauthor=False)) / USER_FILE


def _coerce(key: str, raw: object) -> object | None:
    """The value in its type, or None when it is not acceptable (then the layer is ignored)."""
    kind = _KEYS[key]
    value: object
    if kind is bool:
        if isinstance(raw, bool):
            value = raw
        elif isinstance(raw, int):
            value = bool(raw)
        elif isinstance(raw, str) and raw.strip().lower() in ("1", "true", "yes", "on"):
            value = True
        elif isinstance(raw, str) and raw.strip().lower() in ("0", "false", "no", "off"):
            value = False
        else:
            return None
    elif kind is int:
        if isinstance(raw, bool):
            return None
        try:
            number = int(raw)  # type: ignore[call-overload]
        except (TypeError, ValueError):
            return None
        if not IDLE_LOCK_MIN <= number <= IDLE_LOCK_MAX:
            return None
        value = number
    else:
        if not isinstance(raw, str) or not raw.strip():
            return None
        value = raw.strip()
        if key == "profile" and value not in PROFILES:
            return None
        if key == "token_removal" and value not in TOKEN_REMOVAL_ACTIONS:
            return None
        if key == "log_level":
            value = value.lower()
            if value not in LOG_LEVELS:
                return None
        if key == "server_url" and server_url_problem(value) is not None:
            return None
    return value


def _layer(raw: Mapping[str, object], allowed: frozenset[str], what: str) -> dict[str, object]:
    layer: dict[str, object] = {}
    for key, value in raw.items():
        if key not in allowed:
            _log.warning("%s: unknown or not allowed key ignored", what)
            continue
        coerced = _coerce(key, value)
        if coerced is None and key == "server_url" and isinstance(value, str) and value.strip():
            _log.warning("%s: server_url ignored: it must start with https:// (http:// is only "
                         "for a server on this computer)", what)
            continue
        if coerced is None:
            _log.warning("%s: invalid value ignored for key %s", what, _Safe(key))
            continue
        layer[key] = coerced
    return layer


class _Safe(str):
    """A setting's key name: safe for the log allow-list (never a value)."""


def _server_url_argument(value: str) -> str:
    problem = server_url_problem(value)
    if problem is not None:
        raise argparse.ArgumentTypeError(problem)
    return value


def _idle_minutes_argument(value: str) -> int:
    try:
        minutes = int(value)
    except ValueError:
        minutes = 0
    if not IDLE_LOCK_MIN <= minutes <= IDLE_LOCK_MAX:
        raise argparse.ArgumentTypeError(
            f"give a whole number of minutes from {IDLE_LOCK_MIN} to {IDLE_LOCK_MAX}")
    return minutes


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cpdesk", description="ContactPoint directory client")
    parser.add_argument("--version", action="version", version=f"cpdesk {__version__}")
    parser.add_argument("--server", dest="server_url", default=None, type=_server_url_argument,
                        help="directory server base URL (https://; http:// only for "
                             "this computer)")
    parser.add_argument("--pkcs11-module", default=None, help="PKCS#11 module path")
    parser.add_argument("--demo-user", dest="demo_username", default=None,
                        help="pre-fill this user name (demo and training)")
    parser.add_argument("--profile", choices=PROFILES, default=None,
                        help="which kind of directory server this client is for")
    parser.add_argument("--idle-lock-minutes", type=_idle_minutes_argument, default=None,
                        help="lock after this many idle minutes (1-15; policy is a ceiling)")
    parser.add_argument("--proxy", default=None, help="HTTP(S) proxy URL")
    parser.add_argument("--no-proxy", default=None,
                        help="comma-separated hosts reached without the proxy")
    parser.add_argument("--log-level", choices=LOG_LEVELS, default=None,
                        help="how much the log records (never child data); default info")
    parser.add_argument("--self-test", action="store_true", default=None,
                        help="print versions, keyring, PKCS#11 module and policy, then exit")
    return parser


def load_settings(argv: Sequence[str], environ: Mapping[str, str] | None = None, *,
                  policy_sources: Sequence[PolicySource] | None = None,
                  user_file: Path | None = None) -> Settings:
    environ = os.environ if environ is None else environ
    sources = default_policy_sources() if policy_sources is None else list(policy_sources)
    user_path = default_user_file() if user_file is None else user_file
    args = vars(build_parser().parse_args(list(argv)))

    user = _layer(read_toml(user_path), USER_KEYS, "user settings")
    policy: dict[str, object] = {}
    policy_paths: list[str] = []
    for source in sources:
        layer = _layer(source.read(), POLICY_KEYS, "admin policy")
        if layer:
            policy_paths.append(source.name)
        policy.update(layer)
    env_raw = {key: environ[name] for key, name in ENV_NAMES.items() if environ.get(name)}
    if environ.get("CPDESK_EXTRA_CA_FILE"):
        _log.warning("environment: CPDESK_EXTRA_CA_FILE ignored: an extra CA is trusted only "
                     "through admin policy (extra_ca_file)")
    env = _layer(env_raw, RUN_KEYS, "environment")
    cli_raw = {key: value for key, value in args.items()
               if value is not None and key in RUN_KEYS}
    cli = _layer(cli_raw, RUN_KEYS, "command line")

    values: dict[str, object] = {}
    origin: dict[str, Source] = {}
    # Policy last: a key it sets is locked against every other layer (idle lock: see below).
    for layer_values, source_kind in ((user, Source.USER), (env, Source.ENVIRONMENT),
                                      (cli, Source.COMMAND_LINE), (policy, Source.POLICY)):
        for key, value in layer_values.items():
            values[key] = value
            origin[key] = source_kind

    ceiling = policy.get("idle_lock_minutes")
    if isinstance(ceiling, int):
        values["idle_lock_minutes"], origin["idle_lock_minutes"] = ceiling, Source.POLICY
        for layer_values, source_kind in ((cli, Source.COMMAND_LINE), (env, Source.ENVIRONMENT),
                                          (user, Source.USER)):
            shorter = layer_values.get("idle_lock_minutes")
            if isinstance(shorter, int):
                if shorter <= ceiling:
                    values["idle_lock_minutes"], origin["idle_lock_minutes"] = shorter, source_kind
                break
    capture_free = bool(values.get("allow_user_capture_choice", False))
    if origin.get("capture_protection") is Source.USER and not capture_free:
        del values["capture_protection"]
        del origin["capture_protection"]

    return Settings(**values,  # type: ignore[arg-type]
                    idle_lock_ceiling=ceiling if isinstance(ceiling, int) else IDLE_LOCK_MAX,
                    self_test=bool(args.get("self_test")),
                    sources=origin, locked=frozenset(policy), policy_paths=tuple(policy_paths))


def save_user_settings(values: Mapping[str, object], path: Path | None = None) -> Path:
    """Write the user's choices (only the keys a user may set) as TOML; returns the path.

    A ``server_url`` the rule refuses raises :class:`~cpdesk.url_policy.ServerUrlRefused`
    (a ValueError whose ``message`` is the plain sentence to show) and nothing is written.
    """
    path = default_user_file() if path is None else path
    table: dict[str, object] = {}
    for key in sorted(values):
        if key not in USER_KEYS:
            raise ValueError(f"not a user setting: {key}")
        value = values[key]
        if value is None or value == "":
            continue
        if key == "server_url":
            check_server_url(str(value).strip())
        table[key] = value
    # tomli_w escapes what TOML needs escaped (quotes, backslashes, control characters), so
    # what is written is always read back whole. Imported here: only the Settings dialog writes.
    import tomli_w

    text = "# cpdesk user settings (written by the Settings dialog)\n" + tomli_w.dumps(
        {"cpdesk": table})
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return path


def with_values(settings: Settings, **changes: object) -> Settings:
    return replace(settings, **changes)  # type: ignore[arg-type]
