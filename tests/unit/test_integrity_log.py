"""The integrity warning names the withheld keys a faulty server sent — never their values —
and survives the log's redaction of free text."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from cpdesk.api import wire
from cpdesk.domain import RoleKind
from cpdesk.logging_setup import LOG_FILE, configure_logging, remove_logging

PARENT = "ZZSENTINEL-parent-93ab"

LEAKY_SHIELDED = {
    "directory_id": "9997773454",
    "name": {"family_name": "Doe", "given_names": "Jane", "known_as": None},
    "dob": "2011-07-14", "gender": "female",
    "local_authority": {"name": "Bolton", "team_phone": "01632 960123"},
    "shielded": True,
    "withheld": ["addresses", "parents_carers", "education", "gp_practice", "involvements",
                 "sensitive_services", "caf"],
    "parents_carers": [{"name": PARENT, "relationship": "mother",
                        "parental_responsibility": True, "phone": "07700 900999",
                        "email": "p@example.org", "address": None}],
}


@pytest.fixture
def log_dir(tmp_path: Path) -> Iterator[Path]:
    configure_logging(tmp_path, level=logging.DEBUG)
    yield tmp_path
    remove_logging()


def test_integrity_warning_names_keys_not_values(log_dir: Path) -> None:
    record = wire.parse_record(LEAKY_SHIELDED, role=RoleKind.PRACTITIONER, overridden=False)
    assert record.parents_carers is None
    assert "parents_carers" in record.integrity_faults
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = (log_dir / LOG_FILE).read_text()
    assert "parents_carers" in text
    assert PARENT not in text and "07700 900999" not in text
