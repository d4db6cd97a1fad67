"""Time to first paint of `wifdoctor demo`, and to the live walk's diagnosis on screen, in a
real pty.

Run: python benchmarks/first_paint.py [--runs N]
`wifdoctor demo` walks the lab's subject-entity scenario live (in process); the baseline, in the
same run, is the first paint of the offline example (`demo --example github-environment`). The
script starts the console script in a pseudo-terminal (80x24), reads what it draws, and notes
when the first frame (the tab bar) appears, when the walk offers the exchange (its modal),
answers no, and notes when the diagnosis is on screen (the Overview's comparison marking the
subject that differs); then sends ctrl+q.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import pty
import select
import signal
import statistics
import struct
import sys
import termios
import time
from pathlib import Path

SCRIPT = str(Path(sys.executable).with_name("wifdoctor"))


def one_run(timeout: float = 20.0, args: tuple[str, ...] = ()) -> tuple[float, float, float]:
    """``args`` after ``demo``: an offline example only paints (no exchange is offered)."""
    pid, fd = pty.fork()
    if pid == 0:  # child
        os.environ["TERM"] = "xterm-256color"
        os.execv(SCRIPT, [SCRIPT, "demo", *args])
    start = time.perf_counter()
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    seen = b""
    first = offered = done = 0.0
    try:
        while time.perf_counter() - start < timeout and not done and not (args and first):
            ready, _, _ = select.select([fd], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            seen += chunk
            now = time.perf_counter() - start
            if not first and b"Credentials" in seen:
                first = now
            if first and not offered and b"Send the token" in seen:
                offered = now
                os.write(fd, b"n")  # no exchange: the rest of the walk is the diagnosis
            if offered and b"differs" in seen:
                done = now
        os.write(fd, b"\x11")  # ctrl+q
        deadline = time.time() + 5
        while time.time() < deadline:
            finished, _ = os.waitpid(pid, os.WNOHANG)
            if finished:
                break
            with contextlib.suppress(OSError):
                os.read(fd, 65536)
            time.sleep(0.02)
        else:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    finally:
        os.close(fd)
    return first * 1000, offered * 1000, done * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    one_run()  # warm the bytecode caches
    results = [one_run() for _ in range(runs)]
    offline = [one_run(args=("--example", "github-environment"))[0] for _ in range(runs)]
    print(f"median of {runs} runs, {os.cpu_count()} CPUs, 80x24 pty")
    base = statistics.median(offline)
    print(f"  baseline: demo --example (offline) first paint   {base:7.1f} ms")
    paint = statistics.median(r[0] for r in results)
    offered = statistics.median(r[1] for r in results)
    shown = statistics.median(r[2] for r in results)
    print(
        f"  wifdoctor demo: first paint                       {paint:7.1f} ms"
        f"  ({paint / base:.2f}x the offline demo's)"
    )
    print(f"  wifdoctor demo: the exchange offered (live walk)  {offered:7.1f} ms")
    print(f"  wifdoctor demo: diagnosis on screen after a no    {shown:7.1f} ms")


if __name__ == "__main__":
    main()
