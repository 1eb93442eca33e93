"""docs/population.md's table is computed, and a small population produces every target share
within its tolerance (the script is run as the docs are made)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "population_shares.py"


def test_produced_shares_meet_their_targets() -> None:
    done = subprocess.run([sys.executable, str(SCRIPT), "--children", "30000", "--seed", "11",
                           "--json"], capture_output=True, text=True, check=True, timeout=300,
                          cwd=ROOT)
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(rows) > 40
    misses = [r for r in rows if r["target"] is not None
              and abs(r["produced"] - r["target"]) > r["tolerance"]]
    assert not misses, misses
    # the rules hold exactly
    exact = {r["measure"]: r["produced"] for r in rows if r["tolerance"] == 0.0
             and r["target"] is not None}
    assert exact["fostered children without a social worker as lead"] == 0.0
    assert exact["CAFs without a lead professional holding it"] == 0.0
    assert exact["involvements outside the service's ages (count)"] == 0.0
    assert exact["numbers shared by two unrelated families (count)"] == 0.0


def test_the_page_holds_the_scripts_table() -> None:
    page = (ROOT / "docs" / "population.md").read_text(encoding="utf-8")
    begin = "<!-- shares:begin (scripts/population_shares.py --write) -->"
    assert begin in page and "<!-- shares:end -->" in page
    table = page.split(begin)[1].split("<!-- shares:end -->")[0]
    assert "Produced by `scripts/population_shares.py" in table
    for measure in ("families: lone father", "aged 5-15: electively home educated",
                    "fostered children without a social worker as lead",
                    "directory IDs in the NHS test range 999"):
        assert f"| {measure} |" in table
