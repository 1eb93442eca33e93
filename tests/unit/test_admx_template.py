"""The Group Policy template (packaging/windows) covers every admin-policy key, writes where
cpdesk reads, offers exactly the values cpdesk accepts, and is what its script writes."""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET  # our own committed files, not untrusted input
from pathlib import Path

from cpdesk import config
from cpdesk.ui.shell.policy_registry import MACHINE_KEY

ROOT = Path(__file__).resolve().parents[2]
WINDOWS = ROOT / "packaging" / "windows"
sys.path.insert(0, str(WINDOWS))

import make_admx  # noqa: E402

NS = {"p": "http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions"}


def _policies() -> list[ET.Element]:
    return ET.parse(WINDOWS / "cpdesk.admx").getroot().findall("p:policies/p:policy", NS)


def test_every_policy_key_has_a_setting_and_no_other() -> None:
    names = {element.get("name") for element in _policies()}
    assert names == set(config.POLICY_KEYS)


def test_settings_write_to_the_key_cpdesk_reads() -> None:
    expected = MACHINE_KEY.removeprefix("HKEY_LOCAL_MACHINE\\")
    assert {element.get("key") for element in _policies()} == {expected}
    for element in _policies():
        value_names = {element.get("valueName")} | {
            child.get("valueName") for child in element.iter() if child.get("valueName")}
        assert value_names - {None} == {element.get("name")}


def test_choices_and_ranges_are_what_cpdesk_accepts() -> None:
    by_key = {policy.key: policy for policy in make_admx.POLICIES}
    assert by_key["profile"].choices == config.PROFILES
    assert by_key["token_removal"].choices == config.TOKEN_REMOVAL_ACTIONS
    assert (by_key["idle_lock_minutes"].low, by_key["idle_lock_minutes"].high) == (
        config.IDLE_LOCK_MIN, config.IDLE_LOCK_MAX)
    assert by_key["log_level"].choices == config.LOG_LEVELS
    for policy in make_admx.POLICIES:
        assert policy.kind != "boolean" or config.key_type(policy.key) is bool


def test_every_string_the_template_names_exists_in_the_language_file() -> None:
    admx = (WINDOWS / "cpdesk.admx").read_text(encoding="utf-8")
    adml = ET.parse(WINDOWS / "en-US" / "cpdesk.adml").getroot()
    strings = {s.get("id") for s in adml.iter(f"{{{NS['p']}}}string")}
    presentations = {s.get("id") for s in adml.iter(f"{{{NS['p']}}}presentation")}
    assert set(re.findall(r"\$\(string\.([^)]+)\)", admx)) <= strings
    assert set(re.findall(r"\$\(presentation\.([^)]+)\)", admx)) <= presentations


def test_committed_template_is_what_the_script_writes(tmp_path: Path) -> None:
    make_admx.write(tmp_path)
    assert (tmp_path / "cpdesk.admx").read_text() == (WINDOWS / "cpdesk.admx").read_text()
    assert (tmp_path / "en-US" / "cpdesk.adml").read_text() == (
        WINDOWS / "en-US" / "cpdesk.adml").read_text()
