"""Build a population and print the shares it produced beside the shares it aims for.

    .venv/bin/python scripts/population_shares.py [--children N] [--seed S] [--write] [--json]

``--write`` replaces the table between the markers in ``docs/population.md`` (so the page
cannot drift from the code); ``--json`` prints the rows as JSON lines (the test reads them).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mock_server.data.population import build  # noqa: E402
from mock_server.data.shares import markdown, produced  # noqa: E402

DOC = ROOT / "docs" / "population.md"
BEGIN = "<!-- shares:begin (scripts/population_shares.py --write) -->"
END = "<!-- shares:end -->"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=100_000, help="population size")
    parser.add_argument("--seed", type=int, default=2026, help="population seed")
    parser.add_argument("--write", action="store_true", help="update docs/population.md")
    parser.add_argument("--json", action="store_true", help="JSON lines instead of Markdown")
    args = parser.parse_args()
    today = date.today()
    with tempfile.TemporaryDirectory(prefix="cpdesk-shares-") as folder:
        db = Path(folder) / "population.sqlite3"
        build(db, args.children, args.seed, today=today)
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            rows = produced(conn, today)
        finally:
            conn.close()
    if args.json:
        for row in rows:
            print(json.dumps(row.as_json()))
        return 0
    table = markdown(rows, args.children, args.seed, today)
    print(table)
    if args.write:
        text = DOC.read_text(encoding="utf-8")
        head, _, rest = text.partition(BEGIN)
        _, _, tail = rest.partition(END)
        DOC.write_text(f"{head}{BEGIN}\n{table}\n{END}{tail}", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
