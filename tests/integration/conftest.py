"""Fixtures shared by the integration tests: a database with every demo user enrolled on
their real SoftHSM token (one per test module), and a live server on it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mock_server.tokens.softhsm import TokenDir
from tests.integration.signin_server import LiveServer, enrolled_db, live_server


@pytest.fixture(scope="module")
def enrolled(tmp_path_factory: pytest.TempPathFactory, softhsm_module: str,
             token_dir: TokenDir) -> tuple[Path, dict[str, str]]:
    return enrolled_db(tmp_path_factory.mktemp("enrolled"), softhsm_module, token_dir)


@pytest.fixture
def server(enrolled: tuple[Path, dict[str, str]]) -> Iterator[LiveServer]:
    with live_server(*enrolled) as live:
        yield live
