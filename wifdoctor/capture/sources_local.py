"""Tokens a job holds locally: a file, an environment variable, or a platform CLI's output.

Bounded: files are read up to the input cap, commands run with a timeout and their output is cut
short. What a command prints on failure is masked before it reaches a finding.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from wifdoctor.core.errors import MAX_TOKEN_CHARS
from wifdoctor.core.findings import Finding, make_finding
from wifdoctor.core.rules.advice import default_fix
from wifdoctor.core.token import looks_like_jwt
from wifdoctor.report.redaction import Redactor

COMMAND_TIMEOUT = 20.0  # seconds
OUTPUT_CHARS = 500


@dataclass(frozen=True)
class FileRead:
    text: str | None  # None when the file could not be read
    problem: str | None = None


def read_token_file(path: str) -> FileRead:
    target = Path(os.path.expanduser(path))
    try:
        if target.is_dir():
            return FileRead(None, "it is a directory")
        with target.open("rb") as handle:
            data = handle.read(MAX_TOKEN_CHARS * 4 + 1)
    except FileNotFoundError:
        return FileRead(None, "that file does not exist")
    except PermissionError:
        return FileRead(None, "this process may not read it")
    except OSError as exc:
        return FileRead(None, f"it cannot be read ({exc.strerror or exc})")
    if b"\x00" in data:
        return FileRead(None, "it is binary, not a token")
    return FileRead(data.decode("utf-8", errors="replace"))


def same_file(first: str, second: str) -> bool:
    return os.path.realpath(first) == os.path.realpath(second)


def jwt_variables(env: Mapping[str, str], skip: Sequence[str] = ()) -> list[str]:
    """Names of environment variables whose value is a JWT (GitLab's id_tokens are user-named)."""
    return sorted(
        name
        for name, value in env.items()
        if name not in skip and len(value) <= MAX_TOKEN_CHARS and looks_like_jwt(value)
    )


@dataclass(frozen=True)
class CommandResult:
    token: str | None
    finding: Finding | None = None


def run_token_command(
    argv: Sequence[str], env: Mapping[str, str], redactor: Redactor, what: str
) -> CommandResult:
    """Run a platform CLI that prints a token (circleci, buildkite-agent)."""
    try:
        done = subprocess.run(
            list(argv),
            env=dict(env),
            capture_output=True,
            text=True,
            timeout=COMMAND_TIMEOUT,
            check=False,
        )
    except FileNotFoundError:
        return CommandResult(None, _command_failed(argv, f"{argv[0]} is not installed here", what))
    except subprocess.TimeoutExpired:
        return CommandResult(
            None, _command_failed(argv, f"it did not finish within {COMMAND_TIMEOUT:g} s", what)
        )
    except OSError as exc:
        return CommandResult(None, _command_failed(argv, f"it could not start ({exc})", what))
    output = done.stdout.strip()
    if done.returncode != 0 or not output:
        said = redactor.text((done.stderr or done.stdout).strip()[:OUTPUT_CHARS]) or "no output"
        reason = f"it exited with status {done.returncode}: {said}"
        return CommandResult(None, _command_failed(argv, reason, what))
    return CommandResult(output)


def _command_failed(argv: Sequence[str], reason: str, what: str) -> Finding:
    shown = " ".join(argv[:4])
    return make_finding(
        "token-request-failed",
        f"{what}: `{shown} ...` failed: {reason}.",
        default_fix("token-request-failed"),
        {"command": shown, "problem": reason},
    )
