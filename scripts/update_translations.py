"""Rebuild translations/cpdesk_en_GB.ts and .qm from every ``self.tr()`` string in cpdesk/.

The source strings are written in British English, so the en-GB catalogue translates each to
itself (marked finished); other languages start from a copy of the .ts in Qt Linguist.
Run: ``.venv/bin/python scripts/update_translations.py``.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "translations" / "cpdesk_en_GB.ts"
BIN = Path(sys.executable).parent


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "cpdesk").rglob("*.py"))


def update(ts: Path = TS) -> Path:
    ts.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([str(BIN / "pyside6-lupdate"), *sources(), "-no-obsolete",
                    "-target-language", "en_GB", "-ts", str(ts)],
                   cwd=ROOT, check=True, capture_output=True)
    text = ts.read_text(encoding="utf-8")
    pattern = re.compile(r"(<source>([^<]*)</source>"
                         r"(?:\s*<(?:comment|extracomment)>[^<]*</(?:comment|extracomment)>)*\s*)"
                         r'<translation type="unfinished">\s*</translation>')
    text = pattern.sub(lambda m: f"{m.group(1)}<translation>{m.group(2)}</translation>", text)
    ts.write_text(text, encoding="utf-8")
    qm = ts.with_suffix(".qm")
    subprocess.run([str(BIN / "pyside6-lrelease"), str(ts), "-qm", str(qm)],
                   cwd=ROOT, check=True, capture_output=True)
    return qm


if __name__ == "__main__":
    print(update())
