"""Read an INPUT the way spec/cli.md defines it: the value itself, ``-`` for stdin, ``@PATH``.

One bounded reader for every path in (arguments, ``-``, ``@PATH``, the app's open-file dialog):
at most ``MAX_INPUT_BYTES + 1`` bytes are ever read, whatever the file is (a device such as
/dev/zero reports size 0, a FIFO or a pipe has no size at all). The bytes are decoded as UTF-8
with or without a BOM, or UTF-16/UTF-32 with a BOM (what Windows PowerShell writes with ``>``);
bytes that are not valid are replaced and reported in ``notes``, never fatal.
"""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path
from typing import Protocol, TextIO

from wifdoctor.core.errors import MAX_INPUT_CHARS, InputError, check_size

# Bytes read at most: enough for MAX_INPUT_CHARS characters of UTF-16 (or of mostly-ASCII UTF-8).
MAX_INPUT_BYTES = 2 * MAX_INPUT_CHARS
_CHUNK = 1 << 16
# Longest value that could be a file name the user meant to pass with @ (PATH_MAX on Linux).
_MAX_PATH_CHARS = 4096
_BOMS = (  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)


class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes | None: ...


def read_input(
    value: str | None, *, what: str, stdin: TextIO, notes: list[str] | None = None
) -> str:
    """The text of an INPUT. Raises InputError (exit 2) with what to do instead.

    ``notes`` receives what the reader changed (replaced bytes, the encoding it found).
    """
    sink = notes if notes is not None else []
    if value is None:
        if stdin.isatty():
            raise InputError(
                f"No {what} given.",
                hint="Pass it as an argument, '-' to read standard input, or @FILE.",
            )
        value = "-"
    if value == "-":
        return _read_stdin(stdin, what=what, notes=sink)
    if value.startswith("@"):
        return read_file(value[1:], what=what, notes=sink)
    check_size(value, what=what)
    _refuse_bare_file_name(value, what)
    return _from_argument(value, what, sink)


def _refuse_bare_file_name(value: str, what: str) -> None:
    """``decode token.jwt`` where token.jwt is a file: the user forgot the ``@``.

    One rule for every INPUT: the value is taken as it is, so a file name would be diagnosed as
    a (malformed) token or as error text. Saying so is better than a confusing diagnosis.
    """
    if len(value) > _MAX_PATH_CHARS or "\n" in value or not value.strip():
        return
    try:
        is_file = os.path.isfile(os.path.expanduser(value))
    except (OSError, ValueError):
        return
    if is_file:
        raise InputError(
            f"A file named {value!r} exists, but INPUT is the {what} itself.",
            hint=f"Pass @{value} to read the {what} from that file.",
        )


def _from_argument(value: str, what: str, notes: list[str]) -> str:
    """An argument holds lone surrogates when its bytes were not valid in the locale (PEP 383)."""
    if not any("\ud800" <= ch <= "\udfff" for ch in value):
        return value
    try:
        data = value.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # surrogates that do not stand for bytes: replace them
        data = value.encode("utf-8", "replace")
    text = data.decode("utf-8", errors="replace")
    notes.append(
        f"The {what} argument has bytes that are not valid UTF-8; they were replaced with U+FFFD."
    )
    return text


def _read_stdin(stdin: TextIO, *, what: str, notes: list[str]) -> str:
    buffer: _Readable | None = getattr(stdin, "buffer", None)
    if buffer is None:  # a text stream without bytes underneath (tests, embedding)
        text = stdin.read(MAX_INPUT_CHARS + 1)
        check_size(text, what=f"{what} on standard input")
        return text
    try:
        data = _read_stream(buffer)
    except OSError as exc:
        raise InputError(f"Cannot read standard input: {exc.strerror or exc}.") from exc
    _check_bytes(data, f"The {what} on standard input")
    return decode_bytes(data, what=f"{what} on standard input", notes=notes)


def _read_stream(stream: _Readable) -> bytes:
    """At most MAX_INPUT_BYTES + 1 bytes, in chunks, from any stream (pipe, FIFO, device)."""
    chunks: list[bytes] = []
    remaining = MAX_INPUT_BYTES + 1
    while remaining > 0:
        chunk = stream.read(min(_CHUNK, remaining))
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def _check_bytes(data: bytes, what: str) -> None:
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(
            f"{what} is more than {MAX_INPUT_BYTES:,} bytes; wifdoctor reads at most that.",
            hint="Pass only the relevant part: the failing step's log, or the token itself.",
        )


def read_file(
    path_text: str, *, what: str, notes: list[str] | None = None, regular_only: bool = False
) -> str:
    """The text of a file, bounded. ``regular_only`` refuses FIFOs and devices, which can block
    a read for ever (a FIFO nobody writes to, a terminal): the app cannot wait on those."""
    sink = notes if notes is not None else []
    path = Path(os.path.expanduser(path_text))
    try:
        status = path.stat()
        if regular_only and not stat.S_ISREG(status.st_mode) and not stat.S_ISDIR(status.st_mode):
            raise InputError(
                f"{path} is not a regular file (a pipe or a device); the app reads files.",
                hint="Use the command line for pipes: wifdoctor explain - < source.",
            )
        size = status.st_size  # a regular file says its size; devices and FIFOs say 0
        if size > MAX_INPUT_BYTES:
            raise InputError(
                f"The {what} file {path} is {size:,} bytes; wifdoctor reads at most "
                f"{MAX_INPUT_BYTES:,}.",
                hint="Pass only the relevant part.",
            )
        if path.is_dir():
            raise IsADirectoryError(path)
        with path.open("rb", buffering=0) as stream:
            data = _read_stream(stream)
    except InputError:
        raise
    except IsADirectoryError as exc:
        raise InputError(f"{path} is a directory, not a {what} file.") from exc
    except FileNotFoundError as exc:
        raise InputError(f"The {what} file {path} does not exist.") from exc
    except OSError as exc:
        raise InputError(f"Cannot read the {what} file {path}: {exc.strerror or exc}.") from exc
    _check_bytes(data, f"The {what} file {path}")
    return decode_bytes(data, what=f"{what} file {path}", notes=sink)


def decode_bytes(data: bytes, *, what: str, notes: list[str]) -> str:
    """Text from bytes: BOM-marked UTF-8/16/32, BOM-less UTF-16 LE, else UTF-8 with replacement.

    Raises InputError for binary data (NUL bytes that are not UTF-16) and for text over the cap.
    """
    encoding, label, body = _encoding(data)
    if encoding is None and b"\x00" in body[:65536]:
        raise InputError(
            f"The {what} is binary, not text.",
            hint="Give the file that holds the token, log or JSON as text.",
        )
    codec = encoding or "utf-8"
    try:
        text = body.decode(codec)
    except UnicodeDecodeError as exc:
        text = body.decode(codec, errors="replace")
        bad = text.count("\ufffd")
        notes.append(
            f"The {what} has bytes that are not valid {label or 'UTF-8'} (first at byte "
            f"{exc.start + len(data) - len(body)}); {bad:,} character"
            f"{'s were' if bad != 1 else ' was'} replaced with U+FFFD."
        )
    if label and label != "UTF-8":
        notes.append(f"The {what} is {label} text; it was read as such.")
    check_size(text, what=what)
    return text


def _encoding(data: bytes) -> tuple[str | None, str | None, bytes]:
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            return codec, label, data[len(bom) :]
    sample = data[:4096]
    if len(sample) >= 8 and len(sample) % 2 == 0:
        # UTF-16 LE without a BOM: ASCII text has a NUL in every odd byte.
        odd_nuls = sample[1::2].count(0)
        even_nuls = sample[0::2].count(0)
        if odd_nuls >= 0.9 * (len(sample) // 2) and even_nuls == 0:
            return "utf-16-le", "UTF-16", data
    return None, None, data
