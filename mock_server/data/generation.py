"""Generated families made in a second process while this one inserts them (issue 18).

A national build is two kinds of work: Python drawing families (about three quarters of
the row phase) and SQLite inserting them. :func:`batches_apart` hands the builder — its
random state, pools and counters, without its connection — to ``python -m
mock_server.data.generation``, which runs :meth:`PopulationBuilder.batches` and sends each
batch back through a pipe (as ``marshal`` data: twice as quick to make as a pickle of the
same rows), so the next batch is drawn on the other core while this one is written. The
worker draws from the same generator in the same order as the builder
would here, so the database is the same either way (same seed, size and day → same file).

A plain subprocess rather than :mod:`multiprocessing`: spawn and forkserver re-import the
caller's ``__main__``, which a script that calls ``build`` without a main guard would not
survive; this needs nothing of the caller. The pipe holds about one batch, so the worker is at
most one batch ahead and memory stays flat.
"""

from __future__ import annotations

import marshal
import os
import pickle
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, cast

from mock_server.data.builder import Batch, PopulationBuilder

_HEAD = 8  # bytes of a frame's length; a zero length ends the stream
_ROOT = Path(__file__).resolve().parents[2]  # the folder holding the mock_server package


def can_run_apart() -> bool:
    """A second interpreter can be started (not a frozen program, not an embedded one)."""
    return bool(sys.executable) and not getattr(sys, "frozen", False)


def _send(out: BinaryIO, data: bytes) -> None:
    out.write(len(data).to_bytes(_HEAD, "little"))
    out.write(data)


def _receive(stream: BinaryIO) -> bytes | None:
    head = stream.read(_HEAD)
    if len(head) < _HEAD:
        raise EOFError("the generator process ended without finishing")
    size = int.from_bytes(head, "little")
    if size == 0:
        return None
    data = stream.read(size)
    if len(data) < size:
        raise EOFError("the generator process ended in the middle of a batch")
    return data


def batches_apart(builder: PopulationBuilder) -> Iterator[Batch]:
    """The builder's remaining batches, drawn in a second process. The builder here is left
    as it was (its counters do not advance); the rows are what it would have made."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(_ROOT), env.get("PYTHONPATH")) if p)
    proc = subprocess.Popen([sys.executable, "-m", "mock_server.data.generation"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
    stdin, stdout = cast(BinaryIO, proc.stdin), cast(BinaryIO, proc.stdout)
    try:
        _send(stdin, pickle.dumps(builder, protocol=pickle.HIGHEST_PROTOCOL))
        stdin.close()
        while (data := _receive(stdout)) is not None:
            yield cast(Batch, marshal.loads(data))  # noqa: S302 - our own child's output
    except EOFError as exc:
        raise RuntimeError(f"{exc} (exit status {proc.wait()})") from exc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        stdout.close()


def main() -> None:
    """The worker: read a pickled builder on stdin, write its batches on stdout."""
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # a stray print goes to stderr, never into the stream of batches
    data = _receive(sys.stdin.buffer)
    if data is None:
        return
    builder = cast(PopulationBuilder, pickle.loads(data))  # noqa: S301 - our parent's
    for batch in builder.batches():
        _send(out, marshal.dumps(batch, 4))
        out.flush()
    _send(out, b"")
    out.close()


if __name__ == "__main__":
    main()
