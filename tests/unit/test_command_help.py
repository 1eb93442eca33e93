"""Every option and sub-command of both commands says what it is for (issue 20, item 10)."""

from __future__ import annotations

import argparse

from cpdesk.config import build_parser as cpdesk_parser
from mock_server.cli import build_parser as mock_parser


def _missing_help(parser: argparse.ArgumentParser, path: str) -> list[str]:
    missing = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            described = {choice.dest for choice in action._choices_actions if choice.help}
            for name, sub in action.choices.items():
                if name not in described and not sub.description:
                    missing.append(f"{path} {name}")
                missing += _missing_help(sub, f"{path} {name}")
        elif not action.help and action.dest != "help":
            missing.append(f"{path} {'/'.join(action.option_strings) or action.dest}")
    return missing


def test_every_option_of_both_commands_has_help_text() -> None:
    assert _missing_help(cpdesk_parser(), "cpdesk") == []
    assert _missing_help(mock_parser(), "cpdesk-mock") == []
