"""The bounded reader: every way in stops at the cap, decodes what Windows writes, names the @."""

from __future__ import annotations

import io
import os
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.minting import github_claims, mint
from wifdoctor.cli import main
from wifdoctor.core.errors import InputError
from wifdoctor.inputs import MAX_INPUT_BYTES, decode_bytes, read_file, read_input

FROZEN = {"WIFDOCTOR_NOW": "2026-01-01T00:00:00Z"}
ERROR = (
    "AADSTS700213: No matching federated identity record found for presented assertion subject 'x'"
)


class CountingStream(io.RawIOBase):
    """An endless stream (like /dev/zero) that counts what was taken from it."""

    def __init__(self, byte: bytes = b"a") -> None:
        self.byte = byte
        self.taken = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        size = len(buffer)
        buffer[:size] = self.byte * size
        self.taken += size
        return size


class FakeStdin(io.TextIOWrapper):
    def isatty(self) -> bool:
        return False


def test_endless_stdin_stops_at_the_cap_plus_one_byte() -> None:
    raw = CountingStream()
    stdin = FakeStdin(io.BufferedReader(raw, buffer_size=1))
    with pytest.raises(InputError, match="reads at most"):
        read_input("-", what="token", stdin=stdin)
    assert raw.taken <= MAX_INPUT_BYTES + 1


def test_devices_stop_at_the_cap() -> None:
    for device in ("/dev/zero", "/dev/urandom"):
        with pytest.raises(InputError, match="reads at most"):
            read_file(device, what="token")


def test_a_fifo_fed_forever_stops_at_the_cap(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    stop = threading.Event()

    def feed() -> None:
        try:
            with fifo.open("wb") as writer:
                while not stop.is_set():
                    writer.write(b"x" * 65536)
        except (BrokenPipeError, OSError):
            pass

    thread = threading.Thread(target=feed, daemon=True)
    thread.start()
    try:
        with pytest.raises(InputError, match="reads at most"):
            read_file(str(fifo), what="error text")
    finally:
        stop.set()
        thread.join(5)


def test_utf16_from_powershell_is_read_and_said(tmp_path: Path) -> None:
    path = tmp_path / "error.txt"
    path.write_bytes(ERROR.encode("utf-16"))  # with the BOM, as PowerShell's > writes it
    notes: list[str] = []
    assert read_file(str(path), what="error text", notes=notes) == ERROR
    assert any("UTF-16" in note for note in notes)


@pytest.mark.parametrize(
    "data",
    [
        ERROR.encode("utf-8-sig"),
        b"\xfe\xff" + ERROR.encode("utf-16-be"),
        ERROR.encode("utf-32"),
        ERROR.encode("utf-16-le"),  # no BOM: still recognised
    ],
)
def test_every_unicode_form_windows_and_editors_write(data: bytes) -> None:
    text = decode_bytes(data, what="input", notes=[])
    assert text == ERROR or text.lstrip("\ufeff") == ERROR


def test_bytes_that_are_not_utf8_are_replaced_and_reported() -> None:
    notes: list[str] = []
    text = decode_bytes(b"AADSTS700213 \xff\xfe\xc3 subject", what="error text", notes=notes)
    assert text.startswith("AADSTS700213 ") and "\ufffd" in text
    assert notes and "replaced with U+FFFD" in notes[0] and "byte 13" in notes[0]


def test_binary_is_refused_with_a_reason() -> None:
    with pytest.raises(InputError, match="binary"):
        decode_bytes(b"\x7fELF\x00\x00\x01\x02" * 50 + b"\x00", what="token file", notes=[])


def run(*args: str, stdin: bytes | str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), input=stdin, env=FROZEN)
    return result.exit_code, result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("decode", "token.jwt"),
        ("explain", "token.jwt"),
        ("diagnose", "--token", "token.jwt"),
        ("diagnose", "--error", "token.jwt"),
    ],
)
def test_forgetting_the_at_names_the_file_and_exits_2(
    args: tuple[str, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("token.jwt").write_text(mint(github_claims()))
    runner = CliRunner()
    result = runner.invoke(main, list(args), env=FROZEN)
    assert result.exit_code == 2
    assert "A file named 'token.jwt' exists" in result.stderr
    assert "@token.jwt" in result.stderr
    with_at = [arg.replace("token.jwt", "@token.jwt") for arg in args]
    assert runner.invoke(main, with_at, env=FROZEN).exit_code in (0, 1)


def test_non_utf8_stdin_is_diagnosed_not_a_crash() -> None:
    code, err = run("explain", "-", stdin=b"\xfd\xff " + ERROR.encode())
    assert code == 1
    assert "replaced with U+FFFD" in err and "Traceback" not in err
