"""`cpdesk-mock` and `python -m mock_server`: serve, reset, verify-audit, demo-tokens, users add,
enrol, trainees. The sub-commands are in ``mock_server/cli/``; this entry point only says which
distribution to install when the mock server's own packages are missing."""

from __future__ import annotations

import sys

MOCK_EXTRAS = ("cpdesk-mock needs the mock server's own packages (FastAPI, uvicorn, Faker...). "
               "Install the cpdesk-mock distribution with its dependencies: "
               "pip install cpdesk-mock (from a checkout: pip install ./packaging/mock)")
try:  # the mock's own dependencies come with the cpdesk-mock distribution
    from mock_server.cli import main
except ModuleNotFoundError as missing:  # pragma: no cover - proven in a subprocess
    print(f"{MOCK_EXTRAS} (missing: {missing.name}).", file=sys.stderr)
    raise SystemExit(1) from None

__all__ = ["main"]

if __name__ == "__main__":
    sys.exit(main())
