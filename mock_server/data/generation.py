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

The possible duplicates are found in a third process (:class:`PairsApart`, the same
``duplicates.PairFinder``): its comparisons grow with the square of the population (about
90 CPU-s at 12,000,000 children, most of them near the end), which on the inserting side made
it the slower of the two. Apart, the finder takes whatever the other two leave of the two
cores — the drawing side's waits, the inserting side's, and the index phase, which uses about
one core — and the inserting side only hands it each batch's children as the bytes it
received (a writing thread, so a finder that lags never holds the inserting side up).
"""

from __future__ import annotations

import contextlib
import marshal
import os
import pickle
import queue
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO, cast

from mock_server.data.builder import Batch, PopulationBuilder
from mock_server.data.duplicates import Found, PairFinder

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


def _start(task: str) -> subprocess.Popen[bytes]:
    """``python -m mock_server.data.generation <task>`` with pipes on stdin and stdout."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(_ROOT), env.get("PYTHONPATH")) if p)
    return subprocess.Popen([sys.executable, "-m", "mock_server.data.generation", task],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.kill()
    proc.wait()
    for stream in (proc.stdin, proc.stdout):
        if stream is not None and not stream.closed:
            with contextlib.suppress(OSError):  # a pipe the killed process left unread
                stream.close()


def batches_apart(builder: PopulationBuilder,
                  children_data: Callable[[bytes], None] | None = None) -> Iterator[Batch]:
    """The builder's remaining batches, drawn in a second process. The builder here is left
    as it was (its counters do not advance); the rows are what it would have made.
    ``children_data`` is given each batch's children rows as received (``marshal`` data)."""
    proc = _start("draw")
    stdin, stdout = cast(BinaryIO, proc.stdin), cast(BinaryIO, proc.stdout)
    try:
        _send(stdin, pickle.dumps(builder, protocol=pickle.HIGHEST_PROTOCOL))
        stdin.close()
        # a batch is two frames: its children, then the other tables (in the builder's order)
        while (data := _receive(stdout)) is not None:
            rest = _receive(stdout)
            if rest is None:
                raise EOFError("the generator process ended in the middle of a batch")
            if children_data is not None:
                children_data(data)
            batch: Batch = {"children": marshal.loads(data)}  # noqa: S302 - our own child's
            batch.update(marshal.loads(rest))  # noqa: S302 - output
            yield batch
    except EOFError as exc:
        raise RuntimeError(f"{exc} (exit status {proc.wait()})") from exc
    finally:
        _stop(proc)


class PairsApart:
    """A :class:`~mock_server.data.duplicates.PairFinder` in its own process, fed children
    rows (``add``, or ``add_data`` with them as ``marshal`` data) through a writing thread;
    :meth:`found` waits for the pairs. :meth:`close` ends the process if it still runs."""

    def __init__(self, fields: Sequence[int]) -> None:
        self._proc = _start("pairs")
        self._queue: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self._failed: BaseException | None = None
        self._queue.put(marshal.dumps(list(fields), 4))
        self._thread = threading.Thread(target=self._feed, name="pairs-feed", daemon=True)
        self._thread.start()

    def _feed(self) -> None:
        stdin = cast(BinaryIO, self._proc.stdin)
        try:
            while (data := self._queue.get()) is not None:
                _send(stdin, data)
            _send(stdin, b"")
            stdin.close()
        except OSError as exc:  # the finder died; found() says so
            self._failed = exc

    def add(self, rows: Sequence[Sequence[object]]) -> None:
        self._queue.put(marshal.dumps(list(rows), 4))

    def add_data(self, data: bytes) -> None:
        self._queue.put(data)

    def found(self) -> list[Found]:
        self._queue.put(None)
        self._thread.join()
        try:
            data = _receive(cast(BinaryIO, self._proc.stdout))
            if data is None or self._failed is not None:
                raise EOFError("the possible-duplicates process ended without its pairs")
        except EOFError as exc:
            raise RuntimeError(f"{exc} (exit status {self._proc.wait()})") from exc
        pairs = cast(list[Found], marshal.loads(data))  # noqa: S302 - our own child's output
        self._proc.wait()
        return pairs

    def close(self) -> None:
        if self._thread.is_alive():
            self._queue.put(None)
        _stop(self._proc)
        self._thread.join()


def _draw(source: BinaryIO, out: BinaryIO) -> None:
    """Read a pickled builder, write its batches (children, then the other tables)."""
    data = _receive(source)
    if data is None:
        return
    builder = cast(PopulationBuilder, pickle.loads(data))  # noqa: S301 - our parent's
    for batch in builder.batches():
        children = batch.pop("children")
        _send(out, marshal.dumps(children, 4))
        _send(out, marshal.dumps(batch, 4))
        out.flush()


def _pairs(source: BinaryIO, out: BinaryIO) -> None:
    """Read the fields, then children rows until the end; write the pairs found."""
    fields = _receive(source)
    if fields is None:
        return
    finder = PairFinder(cast(list[int], marshal.loads(fields)))  # noqa: S302 - our parent's
    while (data := _receive(source)) is not None:
        finder.add(cast(list[tuple[object, ...]], marshal.loads(data)))  # noqa: S302
    _send(out, marshal.dumps(finder.found, 4))


def main() -> None:
    """The worker: ``draw`` (a pickled builder on stdin, its batches on stdout) or ``pairs``
    (children rows on stdin, the possible pairs on stdout)."""
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # a stray print goes to stderr, never into the stream of batches
    task = sys.argv[1] if len(sys.argv) > 1 else "draw"
    (_pairs if task == "pairs" else _draw)(sys.stdin.buffer, out)
    _send(out, b"")
    out.close()


if __name__ == "__main__":
    main()
