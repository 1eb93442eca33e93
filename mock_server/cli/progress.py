"""A population built on the terminal with a progress bar (tqdm): children written batch by
batch, then the indexes; the total and the time when done (issue 20: a 1,000,000-child
build showed one line and then 40 s of silence)."""

from __future__ import annotations

import sys
from pathlib import Path

from tqdm import tqdm

from mock_server.data.population import BuildStats, build


def build_with_bar(db: Path, children: int, seed: int) -> BuildStats:
    print(f"Building a population of {children:,} children (seed {seed}) in {db}",
          file=sys.stderr, flush=True)
    with tqdm(total=children, unit=" children", unit_scale=True, file=sys.stderr,
              desc="children", mininterval=0.5, dynamic_ncols=True) as bar:

        def stage(name: str) -> None:
            if name != "children":
                bar.set_description(f"children written; {name}")
                bar.refresh()

        stats = build(db, children, seed, progress=bar.update, stage=stage)
    print(f"Built {stats.children:,} children in {stats.seconds:.1f} s.", file=sys.stderr,
          flush=True)
    return stats
