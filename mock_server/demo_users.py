"""The demo users the README, the demo command, the tests and trainers share.

Every value here is synthetic. The passwords and PINs are printed in the terminal and the
README on purpose: they open a mock server with fictional children only.
"""

from __future__ import annotations

from dataclasses import dataclass


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
