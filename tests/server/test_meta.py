"""GET /api/v1/meta over real HTTP."""

from __future__ import annotations

import httpx

from mock_server.http.app import ServerConfig, create_app
from mock_server.http.runner import ServerThread


def test_meta_over_http_reports_service_and_environment(meta_server: str) -> None:
    response = httpx.get(f"{meta_server}/api/v1/meta")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == {
        "service": "child-directory", "api_version": "1", "environment": "test",
        "server_id": "bolton-mock-01", "min_client_version": "0.1.0",
    }


def test_training_server_reports_training() -> None:
    with ServerThread(create_app(ServerConfig(environment="training"))) as server:
        body = httpx.get(f"{server.url}/api/v1/meta").json()
    assert body["environment"] == "training"
