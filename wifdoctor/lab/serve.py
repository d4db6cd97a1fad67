"""Serving the lab on 127.0.0.1: uvicorn with a throwaway CA's certificate (trustme) for every
lab host name, and an HTTPS CONNECT proxy so unmodified tools reach it under the real names.

The proxy tunnels ``CONNECT host:443`` to the TLS listener only for host names the lab serves;
any other host, and any plain proxy request, is refused (403), never forwarded. Listening
sockets are made with ``IPPROTO_TCP`` so asyncio sets TCP_NODELAY on accepted connections
(sdk-against-local-servers G1: otherwise every response waits ~40 ms for Nagle's algorithm).
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import trustme
import uvicorn
from starlette.types import ASGIApp, Receive, Scope, Send

from wifdoctor.lab.hosts import certificate_names, service_for
from wifdoctor.lab.issuers import IssuerUnreachable
from wifdoctor.lab.server import Lab

MAX_CONNECT_HEADER = 8192


def listening_socket(port: int = 0) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen(128)
    return sock


@dataclass(frozen=True)
class TlsFiles:
    ca_pem: Path
    server_pem: Path


def make_tls(directory: Path) -> TlsFiles:
    """A new CA and one leaf for all lab hosts (with AKI/SKI, which Python 3.13's strict X.509
    checks want: Azure/azure-cli#32206)."""
    ca = trustme.CA(organization_name="wifdoctor lab (throwaway)")
    leaf = ca.issue_cert(*certificate_names())
    files = TlsFiles(directory / "ca.pem", directory / "server.pem")
    ca.cert_pem.write_to_path(str(files.ca_pem))
    leaf.private_key_and_cert_chain_pem.write_to_path(str(files.server_pem))
    return files


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while chunk := await reader.read(65536):
            writer.write(chunk)
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        with contextlib.suppress(Exception):
            writer.close()


class ServedApp:
    """Over a socket, an unreachable issuer's path answers 502 (in process it is a ConnectError)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await self.app(scope, receive, send)
        except IssuerUnreachable:
            await send({"type": "http.response.start", "status": 502, "headers": []})
            await send({"type": "http.response.body", "body": b""})


class ConnectProxy:
    def __init__(self, lab: Lab, target_port: int) -> None:
        self.lab = lab
        self.target_port = target_port
        self.refused: list[str] = []

    def _dead(self, host: str) -> bool:
        """A host whose issuers are all unreachable: the tunnel fails as a dead host's would."""
        mine = [i for i in self.lab.state.issuers if i.url.split("/")[2].lower() == host.lower()]
        return bool(mine) and all(i.faults.unreachable for i in mine)

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError):
            writer.close()
            return
        line = head.split(b"\r\n", 1)[0].decode("latin-1")
        parts = line.split()
        host, _, port = (parts[1] if len(parts) == 3 else "").rpartition(":")
        if len(parts) != 3 or parts[0] != "CONNECT" or port != "443" or service_for(host) is None:
            self.refused.append(line)
            writer.write(
                b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            )
            await writer.drain()
            writer.close()
            return
        try:
            if self._dead(host):
                raise OSError("unreachable issuer")
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            writer.write(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
            writer.close()
            return
        writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
        await writer.drain()
        await asyncio.gather(_pipe(reader, up_writer), _pipe(up_reader, writer))


class LabServer:
    """The lab on 127.0.0.1 in a background thread: TLS (or plain) listener, CONNECT proxy."""

    def __init__(self, lab: Lab, directory: Path, *, port: int = 0, tls: bool = True) -> None:
        self.lab = lab
        self.tls = make_tls(directory) if tls else None
        self.app_socket = listening_socket(0 if tls else port)
        self.proxy_socket = listening_socket(port) if tls else None
        self.app_port = self.app_socket.getsockname()[1]
        self.proxy_port = self.proxy_socket.getsockname()[1] if self.proxy_socket else None
        config = uvicorn.Config(
            ServedApp(lab.app),
            log_level="warning",
            lifespan="off",
            ssl_certfile=str(self.tls.server_pem) if self.tls else None,
            timeout_graceful_shutdown=1,
        )
        self.server = uvicorn.Server(config)
        self.proxy = ConnectProxy(lab, self.app_port)
        self._thread = threading.Thread(target=self._run, daemon=True, name="wifdoctor-lab")
        self._loop: asyncio.AbstractEventLoop | None = None

    def _run(self) -> None:
        asyncio.run(self._main())

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        proxy = None
        if self.proxy_socket is not None:
            proxy = await asyncio.start_server(self.proxy.handle, sock=self.proxy_socket)
        try:
            await self.server.serve(sockets=[self.app_socket])
        finally:
            if proxy is not None:
                proxy.close()

    def start(self) -> LabServer:
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the lab server did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self._thread.join(timeout=5)

    def __enter__(self) -> LabServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
