"""The demo users the README, the demo command, the tests and trainers share.

Every value here is synthetic. The passwords and PINs are printed in the terminal and the
README on purpose: they open a mock server with fictional children only. ``ensure_demo_users``
registers them in a database (a new test or training server does so when it starts).
"""

from __future__ import annotations

from dataclasses import dataclass

from mock_server.data.users import UserStore, hash_password


@dataclass(frozen=True, slots=True)
class DemoRole:
    role: str  # practitioner | manager | trainer
    organisation: str
    local_authority: str


@dataclass(frozen=True, slots=True)
class DemoUser:
    username: str
    password: str
    pin: str
    token_label: str
    display_name: str
    job_title: str
    phone: str
    email: str
    roles: tuple[DemoRole, ...]


SO_PIN = "87654321"
KEY_LABEL = "cpdesk-auth"
KEY_ID = b"\x01"
CERT_LABEL = "cpdesk-auth-cert"

DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser(
        username="nurse.demo", password="Nurse-demo-2026", pin="246810",
        token_label="cpdesk-nurse", display_name="Amira Shah",
        job_title="Staff nurse, emergency department", phone="01632 960201",
        email="amira.shah@example.org",
        roles=(DemoRole("practitioner", "Royal Bolton Hospital A&E", "Bolton"),),
    ),
    DemoUser(
        username="welfare.demo", password="Welfare-demo-2026", pin="135790",
        token_label="cpdesk-welfare", display_name="Daniel Okafor",
        job_title="School welfare officer", phone="01632 960202",
        email="daniel.okafor@example.org",
        roles=(
            DemoRole("practitioner", "Moorside High School", "Bolton"),
            DemoRole("practitioner", "Hindley Green Primary School", "Wigan"),
        ),
    ),
    DemoUser(
        username="manager.demo", password="Manager-demo-2026", pin="112233",
        token_label="cpdesk-manager", display_name="Ruth Bennett",
        job_title="ContactPoint manager", phone="01632 960203",
        email="ruth.bennett@example.org",
        roles=(DemoRole("manager", "Bolton ContactPoint Team", "Bolton"),),
    ),
    DemoUser(
        username="trainer.demo", password="Trainer-demo-2026", pin="998877",
        token_label="cpdesk-trainer", display_name="Sian Hughes",
        job_title="ContactPoint trainer", phone="01632 960204",
        email="sian.hughes@example.org",
        roles=(DemoRole("trainer", "Bolton ContactPoint Team", "Bolton"),),
    ),
)


def demo_user(username: str) -> DemoUser:
    for user in DEMO_USERS:
        if user.username == username:
            return user
    raise KeyError(username)


_DEMO_HASHES: dict[tuple[str, str], str] = {}


def ensure_demo_users(users: UserStore, demo: tuple[DemoUser, ...] = DEMO_USERS) -> None:
    """Register the demo users and their roles (idempotent).

    Their (public, synthetic) passwords are hashed once per process, so that every new
    test database does not pay the slow KDF again.
    """
    for user in demo:
        key = (user.username, user.password)
        if key not in _DEMO_HASHES:
            _DEMO_HASHES[key] = hash_password(user.password)
        for role in user.roles:
            users.add(user.username, user.password, role.role, role.organisation,
                      role.local_authority, display_name=user.display_name,
                      job_title=user.job_title, phone=user.phone, email=user.email,
                      password_hash=_DEMO_HASHES[key])
