"""Directory server fixtures: one small population per session, one server per module."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mock_server.data.population import build
from tests.server.directory_fixtures import SMALL_POPULATION, Directory, serve_directory


@pytest.fixture(scope="session")
def population_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("population") / "template.sqlite3"
    build(path, SMALL_POPULATION, seed=7)
    return path


@pytest.fixture(scope="module")
def directory(population_db: Path,
              tmp_path_factory: pytest.TempPathFactory) -> Iterator[Directory]:
    with serve_directory(population_db, tmp_path_factory.mktemp("directory")) as served:
        yield served
