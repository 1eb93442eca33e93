"""PyInstaller entry point: the same as the ``cpdesk`` command."""

import sys

from cpdesk.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
