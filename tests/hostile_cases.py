"""Hostile and odd inputs for every command and format, and a driver that runs them.

The driver runs in a subprocess under a 1 GiB address-space limit (tests/test_hostile_inputs.py);
inside it each case goes through the real command line in-process (click's CliRunner) under a
10-second alarm, and one JSON line per case reports what happened. Inputs are built here, in the
driver, so that megabytes never cross the pipe. Tokens are minted here with a throwaway key.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.minting import b64, fic, github_claims, mint

GH = "https://token.actions.githubusercontent.com"
CAP = 2_000_000
TIMEOUT_S = 10
FROZEN = {"WIFDOCTOR_NOW": "2026-01-01T00:00:00Z"}
AADSTS = (
    "AADSTS700213: No matching federated identity record found for presented assertion subject "
    "'repo:contoso/api:environment:Production'. Trace ID: 8eea681d-a1eb-487d-9be7-d61225177f00 "
)


@dataclass(frozen=True)
class Case:
    name: str
    args: tuple[str, ...]  # "{dir}" stands for the case's directory
    stdin: bytes | None = None
    files: dict[str, bytes] = field(default_factory=dict)
    expect: tuple[int, ...] = (0, 1, 2, 3)
    bare_names: bool = False  # "{dir}/x" becomes "x", run from the case's directory


def raw_token(extra: str = "", header: str = '{"alg":"RS256","kid":"k1"}') -> str:
    payload = json.dumps(github_claims())
    if extra:
        payload = payload[:-1] + ", " + extra + "}"
    return f"{b64(header.encode())}.{b64(payload.encode())}.{b64(b'x' * 256)}"


def credentials_json(items: list[dict[str, Any]]) -> bytes:
    return json.dumps(items, separators=(",", ":")).encode()


def compact_fic(index: int, subject: str) -> dict[str, Any]:
    return {"name": f"c{index}", "issuer": GH, "subject": subject, "audiences": ["api://x"]}


def flexible(expression: str) -> dict[str, Any]:
    return {
        "name": "flex",
        "issuer": GH,
        "audiences": ["api://AzureADTokenExchange"],
        "claimsMatchingExpression": {"value": expression, "languageVersion": 1},
    }


def _cases() -> list[Case]:
    good = mint(github_claims())
    many_claims = mint(github_claims(**{f"c{i}": "v" * 40 for i in range(900)}))  # ~64 KB
    long_sub = mint(github_claims(sub="repo:" + "a" * 40_000))
    many_auds = mint(github_claims(aud=[f"api://a{i}" for i in range(3000)]))
    ten_thousand = credentials_json(
        [compact_fic(i, f"repo:contoso/api:ref:refs/heads/b{i // 2}") for i in range(10_000)]
    )
    thousand_other = credentials_json(
        [compact_fic(i, f"repo:o/r:environment:e{i}") for i in range(1_000)]
    )
    clauses = " and ".join(["claims['sub'] matches 'repo:*'"] * 50_000)
    log_line = "2025-10-13T14:54:33.1234567Z ##[error]" + AADSTS + "\n"
    cases = [
        Case("decode-empty", ("decode", "")),
        Case("decode-whitespace", ("decode", " \n\t ")),
        Case("decode-eyJ-run-2MB", ("decode", "-"), stdin=b"eyJ" * (CAP // 3)),
        Case("decode-over-token-cap", ("decode", "-", "--format", "json"), stdin=b"a" * 70_000),
        Case(
            "decode-exp-10e400", ("decode", raw_token('"exp": 1' + "0" * 400), "--format", "json")
        ),
        Case("decode-exp-nan", ("decode", raw_token('"exp": NaN'), "--format", "json")),
        Case("decode-exp-inf-md", ("decode", raw_token('"exp": 1e999'), "--format", "markdown")),
        Case("decode-exp-year-10000", ("decode", raw_token('"exp": 1e20'))),
        Case("decode-iat-before-year-1", ("decode", raw_token('"iat": -1e15'), "--format", "json")),
        Case("decode-5000-digit-int", ("decode", raw_token('"exp": ' + "9" * 5000))),
        Case(
            "decode-surrogate-sub", ("decode", raw_token('"sub": "a\\udc80"'), "--format", "json")
        ),
        Case(
            "decode-surrogate-kid", ("decode", raw_token(header='{"alg":"RS256","kid":"\\ud800"}'))
        ),
        Case(
            "decode-surrogate-md",
            ("decode", raw_token('"x\\udfff": "\\ud83d"'), "--format", "markdown"),
        ),
        Case("decode-deep-nesting", ("decode", raw_token('"d": ' + "[" * 900 + "]" * 900))),
        Case(
            "decode-deep-nesting-json",
            ("decode", raw_token('"d": ' + "{" + '"a":{' * 800 + "}" * 801), "--format", "json"),
        ),
        Case("decode-header-not-json", ("decode", f"{b64(b'nope')}.{b64(b'{}')}.sig")),
        Case("decode-jwe", ("decode", "eyJhbGciOiJSU0EifQ.a.b.c.d", "--format", "json")),
        Case("decode-alg-none", ("decode", raw_token(header='{"alg":"none"}'))),
        Case("decode-payload-array", ("decode", f"{b64(b'{}')}.{b64(b'[1,2]')}.sig")),
        Case("decode-64KB-token", ("decode", many_claims, "--format", "json")),
        Case("decode-binary-stdin", ("decode", "-"), stdin=b"\x00\x01\x02\xff" * 1000),
        Case(
            "decode-utf16-file", ("decode", "@{dir}/t.jwt"), files={"t.jwt": good.encode("utf-16")}
        ),
        Case("decode-missing-file", ("decode", "@{dir}/nope", "--format", "json"), expect=(2,)),
        Case("decode-directory", ("decode", "@{dir}"), expect=(2,)),
        Case("decode-control-chars", ("decode", raw_token('"sub": "\\u001b[2J\\u0007\\u202e"'))),
        Case(
            "explain-times-at-the-ends-of-the-calendar",
            (
                "explain",
                "AADSTS700024: Client assertion is not within its valid time range. Current time: "
                "0001-01-01T00:00:00.0000000Z, assertion valid from 9999-12-31T23:59:59.9999999Z,"
                " expiry time of assertion 9999-12-31T23:59:59.9999999Z.",
                "--format",
                "json",
            ),
        ),
        Case(
            "diagnose-token-times-at-the-ends",
            (
                "diagnose",
                "--token",
                mint(github_claims(exp=253402300799, iat=-62135596800, nbf=-62135596800)),
                "--error",
                "AADSTS70023: Timestamp: 9999-12-31 23:59:59Z",
            ),
        ),
        Case("explain-eyJ-run-2MB", ("explain", "-"), stdin=b"x " + b"eyJ" * (CAP // 3 - 1)),
        Case(
            "explain-2MB-log",
            ("explain", "-", "--format", "json"),
            stdin=(log_line * 15_000).encode()[:CAP],
        ),
        Case("explain-over-cap", ("explain", "-"), stdin=b"x" * (CAP + 1), expect=(2,)),
        Case("explain-2MB-quotes-md", ("explain", "-", "--format", "markdown"), stdin=b"'" * CAP),
        Case(
            "explain-utf16-file",
            ("explain", "@{dir}/e.txt"),
            files={"e.txt": AADSTS.encode("utf-16")},
        ),
        Case("explain-not-utf8", ("explain", "-"), stdin=b"\xfd\xfe\xc3(" + AADSTS.encode()),
        Case("explain-bidi-and-escapes", ("explain", AADSTS + "\x1b]0;x\x07 \u202e\u2066")),
        Case("explain-surrogate-arg", ("explain", AADSTS + "\udcff\ud800", "--format", "json")),
        Case(
            "explain-json-escapes",
            ("explain", '{"error_description":"' + "\\ud800" * 1000 + AADSTS + '"}'),
        ),
        Case(
            "explain-token-in-log",
            ("explain", "-", "--format", "json"),
            stdin=(AADSTS + good).encode(),
        ),
        Case(
            "explain-10000-credentials",
            ("explain", AADSTS, "--credentials", "{dir}/c.json", "--format", "json"),
            files={"c.json": ten_thousand},
        ),
        Case("diagnose-nothing", ("diagnose", "--format", "json"), expect=(2,)),
        Case("diagnose-two-stdins", ("diagnose", "--token", "-", "--error", "-"), expect=(2,)),
        Case(
            "diagnose-10000-credentials",
            ("diagnose", "--token", good, "--credentials", "{dir}/c.json", "--format", "json"),
            files={"c.json": ten_thousand},
        ),
        Case(
            "diagnose-credentials-not-json",
            ("diagnose", "--token", good, "--credentials", "{dir}/c.json"),
            files={"c.json": b"[{,"},
            expect=(2,),
        ),
        Case(
            "diagnose-credentials-too-deep",
            ("diagnose", "--token", good, "--credentials", "{dir}/c.json", "--format", "json"),
            files={"c.json": b"[" * 200_000},
            expect=(2,),
        ),
        Case(
            "diagnose-credentials-numbers",
            ("diagnose", "--token", good, "--credentials", "{dir}/c.json"),
            files={"c.json": b'[1, NaN, {"issuer": Infinity}]'},
            expect=(2,),
        ),
        Case(
            "diagnose-credentials-surrogates",
            ("diagnose", "--token", good, "--credentials", "{dir}/c.json", "--format", "json"),
            files={
                "c.json": b'[{"name":"\\ud800","issuer":"'
                + GH.encode()
                + b'","subject":"\\udfff"}]'
            },
        ),
        Case(
            "diagnose-credentials-utf16",
            ("diagnose", "--token", good, "--credentials", "{dir}/c.json"),
            files={
                "c.json": json.dumps([fic("main", GH, "repo:o/r:ref:refs/heads/main")]).encode(
                    "utf-16"
                )
            },
        ),
        Case(
            "diagnose-50000-clauses",
            ("diagnose", "--token", good, "--credentials", "{dir}/c.json", "--format", "json"),
            files={"c.json": credentials_json([flexible(clauses)])},
        ),
        Case(
            "diagnose-unclosed-expression",
            ("diagnose", "--token", good, "--credentials", "{dir}/c.json"),
            files={"c.json": credentials_json([flexible("claims['sub'] eq '" + "x" * 100_000)])},
        ),
        Case(
            "diagnose-40000-char-subject",
            (
                "diagnose",
                "--token",
                long_sub,
                "--credentials",
                "{dir}/c.json",
                "--format",
                "markdown",
            ),
            files={
                "c.json": credentials_json(
                    [
                        compact_fic(0, "repo:" + "a" * 590 + "b"),
                        flexible("claims['sub'] matches '*" + "a?" * 290 + "b*'"),
                    ]
                )
            },
        ),
        Case(
            "diagnose-3000-audiences-x-1000",
            ("diagnose", "--token", many_auds, "--credentials", "{dir}/c.json", "--format", "json"),
            files={"c.json": thousand_other},
        ),
        Case(
            "diagnose-token-and-2MB-log",
            ("diagnose", "--token", good, "--error", "@{dir}/log.txt", "--format", "json"),
            files={"log.txt": (log_line * 15_000).encode()[:CAP]},
        ),
        Case(
            "diagnose-forgot-at",
            ("diagnose", "--token", "{dir}/t.jwt"),
            files={"t.jwt": good.encode()},
            expect=(2,),
            bare_names=True,
        ),
    ]
    return cases


def run_case(case: Case, root: Path) -> dict[str, Any]:
    from click.testing import CliRunner

    from wifdoctor.cli import main

    folder = Path(tempfile.mkdtemp(dir=root))
    for name, data in case.files.items():
        (folder / name).write_bytes(data)
    # Paths are absolute, except where a case is about a bare file name in the working directory.
    args = [arg.replace("{dir}/", "" if case.bare_names else f"{folder}/") for arg in case.args]
    args = [arg.replace("{dir}", str(folder)) for arg in args]
    previous = os.getcwd()
    os.chdir(folder)

    def alarm(_signum: int, _frame: object) -> None:
        raise TimeoutError(f"{case.name} ran over {TIMEOUT_S} s")

    signal.signal(signal.SIGALRM, alarm)
    signal.alarm(TIMEOUT_S)
    start = time.perf_counter()
    try:
        result = CliRunner().invoke(main, args, input=case.stdin, env=FROZEN)
        code, out, err = result.exit_code, result.stdout, result.stderr
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            code, err = -1, f"{err}\nTraceback: {type(result.exception).__name__}"
    except TimeoutError as exc:
        code, out, err = -2, "", str(exc)
    finally:
        signal.alarm(0)
        os.chdir(previous)
    seconds = time.perf_counter() - start
    json_error = None
    if "--format" in args and args[args.index("--format") + 1] == "json":
        try:
            json.loads(out, parse_constant=_reject_constant)
        except ValueError as exc:
            json_error = f"{exc}: {out[:300]!r}"
    return {
        "name": case.name,
        "code": code,
        "seconds": round(seconds, 3),
        "traceback": "Traceback" in out or "Traceback" in err,
        "json_error": json_error,
        "stderr": err[-2000:],
        "expect": list(case.expect),
    }


def _reject_constant(name: str) -> Any:
    raise ValueError(f"not strict JSON: {name}")


def main() -> None:
    """Run every case (or those named on the command line); one JSON line each on stdout."""
    wanted = set(sys.argv[1:])
    with tempfile.TemporaryDirectory() as root:
        for case in CASES_FACTORY():
            if wanted and case.name not in wanted:
                continue
            sys.stdout.write(json.dumps(run_case(case, Path(root))) + "\n")
            sys.stdout.flush()


CASES_FACTORY: Callable[[], list[Case]] = _cases

if __name__ == "__main__":
    main()
