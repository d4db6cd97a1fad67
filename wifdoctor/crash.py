"""Exit 4 (spec/cli.md): wifdoctor itself failed. One line on stderr, the details in a file.

The details file holds the traceback, the version and the command, never the values given: a
traceback's messages can quote input, so anything shaped like a JWT in it is redacted, and the
command line is kept as option names only.
"""

from __future__ import annotations

import platform
import re
import sys
import tempfile
import time
import traceback
from collections.abc import Sequence
from pathlib import Path

from wifdoctor import __version__

EXIT_INTERNAL_ERROR = 4
# A JWT-shaped run (two base64url parts starting eyJ); possessive, so linear on any text.
_JWT_LIKE = re.compile(r"eyJ[A-Za-z0-9_-]*+\.[A-Za-z0-9_.-]*+")


def redact(text: str) -> str:
    return _JWT_LIKE.sub("<token redacted>", text)


def shape_of_command(argv: Sequence[str]) -> str:
    """``wifdoctor decode <value> --format <value>``: the command and option names, no values."""
    shown: list[str] = []
    command_seen = False
    for arg in argv:
        if arg.startswith("-") and arg != "-":
            shown.append(arg.split("=", 1)[0])
        elif not command_seen and arg.isidentifier():
            shown.append(arg)
            command_seen = True
        else:
            shown.append("<value>")
    return " ".join(["wifdoctor", *shown])


def write_report(error: BaseException, argv: Sequence[str]) -> Path | None:
    """Write the details; the file's path, or None when nothing could be written."""
    details = "".join(traceback.format_exception(error))
    body = (
        f"wifdoctor {__version__} failed (an internal error, exit 4)\n"
        f"time: {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}\n"
        f"python: {sys.version.split()[0]} on {platform.platform()}\n"
        f"command: {shape_of_command(argv)}\n\n{redact(details)}"
    )
    try:
        descriptor, name = tempfile.mkstemp(prefix="wifdoctor-crash-", suffix=".log")
        with open(descriptor, "w", encoding="utf-8", errors="backslashreplace") as handle:
            handle.write(body)
    except OSError:
        return None
    return Path(name)


def one_line(error: BaseException, report: Path | None) -> str:
    where = f"details in {report}" if report else "the details could not be written"
    return (
        f"wifdoctor failed (an internal error, not a finding: {type(error).__name__}); {where}. "
        "Run again with --debug to see the traceback; please report it."
    )
