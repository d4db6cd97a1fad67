"""Exit 4 (spec/cli.md): wifdoctor itself failed. One line on stderr, the details in a file.

The details file holds the traceback, the version and the command, never the values given: a
traceback's messages can quote input, so anything shaped like a JWT in it is redacted, and the
command line is kept as option names only.
"""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from wifdoctor import __version__

EXIT_INTERNAL_ERROR = 4
DEBUG_ENV = "WIFDOCTOR_DEBUG"
# A JWT-shaped run (two base64url parts starting eyJ); possessive, so linear on any text.
_JWT_LIKE = re.compile(r"eyJ[A-Za-z0-9_-]*+\.[A-Za-z0-9_.-]*+")


class GuardedGroup(click.Group):
    """Any exception that is not a decision (exit 0-3) is a bug: exit 4, never a bare traceback."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta["wifdoctor.argv"] = list(args)  # for the crash report: option names only
        # --debug is taken wherever it is given (wifdoctor decode x --debug), up to a "--".
        end = args.index("--") if "--" in args else len(args)
        if "--debug" in args[:end]:
            ctx.meta["wifdoctor.debug"] = True
            args = [arg for number, arg in enumerate(args) if number >= end or arg != "--debug"]
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            if ctx.meta.get("wifdoctor.debug") or os.environ.get(DEBUG_ENV):
                import traceback

                traceback.print_exception(exc, file=sys.stderr)
            report = write_report(exc, ctx.meta.get("wifdoctor.argv", []))
            click.echo(one_line(exc, report), err=True)
            ctx.exit(EXIT_INTERNAL_ERROR)


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
    import platform
    import tempfile
    import traceback

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
