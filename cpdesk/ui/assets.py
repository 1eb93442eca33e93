"""The one locator for files under ``resources/`` (stylesheet, icons)."""

from __future__ import annotations

from pathlib import Path

RESOURCES = Path(__file__).resolve().parents[2] / "resources"


def resource(name: str) -> Path:
    path = RESOURCES / name
    if not path.exists():
        raise FileNotFoundError(f"missing resource: {name}")
    return path


def stylesheet() -> str:
    return resource("cpdesk.qss").read_text(encoding="utf-8")
