"""Read an INPUT the way spec/cli.md defines it: the value itself, ``-`` for stdin, ``@PATH``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TextIO

from wifdoctor.core.errors import MAX_INPUT_CHARS, InputError, check_size


def read_input(value: str | None, *, what: str, stdin: TextIO) -> str:
    """The text of an INPUT. Raises InputError (exit 2) with what to do instead."""
    if value is None:
        if stdin.isatty():
            raise InputError(
                f"No {what} given.",
                hint="Pass it as an argument, '-' to read standard input, or @FILE.",
            )
        value = "-"
    if value == "-":
        text = stdin.read(MAX_INPUT_CHARS + 1)
        check_size(text, what=f"{what} on standard input")
        return text
    if value.startswith("@"):
        return read_file(value[1:], what=what)
    check_size(value, what=what)
    return value


def read_file(path_text: str, *, what: str) -> str:
    path = Path(os.path.expanduser(path_text))
    try:
        size = path.stat().st_size
        if size > MAX_INPUT_CHARS * 4:
            raise InputError(
                f"The {what} file {path} is {size:,} bytes; wifdoctor reads at most "
                f"{MAX_INPUT_CHARS:,} characters.",
                hint="Pass only the relevant part.",
            )
        data = path.read_bytes()
    except InputError:
        raise
    except IsADirectoryError as exc:
        raise InputError(f"{path} is a directory, not a {what} file.") from exc
    except FileNotFoundError as exc:
        raise InputError(f"The {what} file {path} does not exist.") from exc
    except OSError as exc:
        raise InputError(f"Cannot read the {what} file {path}: {exc.strerror or exc}.") from exc
    if b"\x00" in data[:65536]:
        raise InputError(
            f"The {what} file {path} is binary, not text.",
            hint="Give the file that holds the token, log or JSON as text.",
        )
    text = data.decode("utf-8-sig", errors="replace")
    check_size(text, what=f"{what} file")
    return text
