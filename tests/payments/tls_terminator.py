"""HTTPS in front of localstripe, for the tests that pay over TLS as production does.

`certificates(folder)` makes a throwaway certificate authority and a certificate for 127.0.0.1 signed
by it (the openssl command line, valid for a day); `TlsTerminator` listens on a free loopback port,
completes the TLS handshake with that certificate and relays the bytes to localstripe's plain HTTP
port, noting the TLS version of each connection that got through the handshake.
"""

import asyncio
import ssl
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Certificates:
    authority: Path  # the throwaway CA's certificate: what a client that trusts the server is given
    server: Path  # the server's certificate (for 127.0.0.1), signed by the authority
    server_key: Path


def certificates(folder: Path) -> Certificates:
    folder.mkdir(parents=True, exist_ok=True)
    ca_key, ca, key, request, server = (
        folder / name for name in ("ca.key", "ca.pem", "server.key", "server.csr", "server.pem")
    )
    extensions = folder / "server.ext"
    extensions.write_text(
        "basicConstraints = critical, CA:FALSE\n"
        "keyUsage = critical, digitalSignature\n"
        "extendedKeyUsage = serverAuth\n"
        "subjectAltName = IP:127.0.0.1\n"
        "subjectKeyIdentifier = hash\n"
        "authorityKeyIdentifier = keyid\n"
    )
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    commands = [
        ["req", "-x509", *ec, "-keyout", ca_key, "-out", ca, "-days", "1", "-subj", "/CN=Gongfang test CA",
         "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"],
        ["req", *ec, "-keyout", key, "-out", request, "-subj", "/CN=127.0.0.1"],
        ["x509", "-req", "-in", request, "-CA", ca, "-CAkey", ca_key, "-CAcreateserial", "-days", "1",
         "-extfile", extensions, "-out", server],
    ]  # fmt: skip
    for command in commands:
        subprocess.run(["openssl", *map(str, command)], check=True, capture_output=True)
    return Certificates(authority=ca, server=server, server_key=key)


class TlsTerminator:
    """https://127.0.0.1:<port> in front of http://127.0.0.1:<upstream_port>, on an event loop of its
    own thread. `.tls_versions`: the protocol each connection whose handshake succeeded spoke
    ("TLSv1.3"), in order."""

    def __init__(self, *, upstream_port: int, certificates: Certificates):
        self.upstream_port = upstream_port
        self.context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.context.load_cert_chain(certificates.server, certificates.server_key)
        self.tls_versions: list[str] = []
        self.loop = asyncio.new_event_loop()
        # A refused handshake is what some tests expect: not worth a traceback on stderr.
        self.loop.set_exception_handler(lambda loop, context: None)
        self.writers: set[asyncio.StreamWriter] = set()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.server = self._run(asyncio.start_server(self._relay, "127.0.0.1", 0, ssl=self.context))
        self.port = self.server.sockets[0].getsockname()[1]

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def _run(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout=10)

    async def _relay(self, client_reader, client_writer):
        # Called only once the handshake succeeded: the connection is TLS, and this is its version.
        self.tls_versions.append(client_writer.get_extra_info("ssl_object").version())
        upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        self.writers |= {client_writer, upstream_writer}
        await asyncio.gather(
            self._pipe(client_reader, upstream_writer), self._pipe(upstream_reader, client_writer)
        )

    async def _pipe(self, reader, writer):
        """Copy until either side closes, then close the other (a connection kept alive by the
        client stays open as long as localstripe keeps its end)."""
        try:
            while chunk := await reader.read(65536):
                writer.write(chunk)
                await writer.drain()
        except (ConnectionError, ssl.SSLError):
            pass
        finally:
            self.writers.discard(writer)
            writer.close()

    async def _close(self):
        self.server.close()
        for writer in list(self.writers):
            writer.close()
        await self.server.wait_closed()

    def stop(self):
        self._run(self._close())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)
        self.loop.close()
