"""`cpdesk` command line → :func:`cpdesk.app.main`."""

from __future__ import annotations

import sys


def main() -> int:
    from cpdesk.app import main as app_main

    return app_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
