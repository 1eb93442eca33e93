"""``GET /api/v1/meta``: what the server is (api.md), asked before signing in."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel

from mock_server.http.context import ContextDep, Environment

router = APIRouter(prefix="/api/v1")


class Meta(BaseModel):
    service: Literal["child-directory"] = "child-directory"
    api_version: Literal["1"] = "1"
    environment: Environment
    server_id: str
    min_client_version: str


@router.get("/meta", response_model=Meta)
def meta(ctx: ContextDep) -> Meta:
    config = ctx.config
    return Meta(environment=config.environment, server_id=config.server_id,
                min_client_version=config.min_client_version)
