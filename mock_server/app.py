"""FastAPI app factory for the mock directory server; routes stay thin."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from fastapi import FastAPI
from pydantic import BaseModel

from mock_server import __version__

API = "/api/v1"


@dataclass(frozen=True, slots=True)
class ServerConfig:
    environment: Literal["live", "training", "test"] = "test"
    server_id: str = "bolton-mock-01"
    min_client_version: str = "0.1.0"


class Meta(BaseModel):
    service: Literal["child-directory"] = "child-directory"
    api_version: Literal["1"] = "1"
    environment: Literal["live", "training", "test"]
    server_id: str
    min_client_version: str


def create_app(config: ServerConfig | None = None) -> FastAPI:
    config = config or ServerConfig()
    app = FastAPI(title="cpdesk mock directory server", version=__version__)
    app.state.config = config

    @app.get(f"{API}/meta", response_model=Meta)
    def meta() -> Meta:
        return Meta(environment=config.environment, server_id=config.server_id,
                    min_client_version=config.min_client_version)

    return app
