"""What the wallet fakes share: throwaway keys and certificates (made with `cryptography`), and a
loopback server that is also an HTTPS proxy for the provider's API hosts.

The wallets' SDKs always call the provider's real address (api.mch.weixin.qq.com,
openapi.alipay.com). Pointed at the fake as their HTTPS proxy, they send CONNECT <host>:443; the
fake answers with a TLS handshake for that name, signed by a throwaway authority the client trusts,
and serves the tunnelled requests itself (`request.tunnelled` is True for those). Plain requests to
the fake's own address are its pages for the browser (the wallet stand-in).
"""

import datetime
import hashlib
import os
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


def pem_private(key) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def pem_public(key) -> bytes:
    return key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def certificate(subject: str, key, *, issuer=None, issuer_key=None, ca=False, dns=None) -> x509.Certificate:
    """A certificate valid from yesterday for 30 days, self-signed unless issuer is given."""
    now = datetime.datetime.now(datetime.UTC)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)])
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(issuer.subject if issuer is not None else name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if dns:
        names = [dns] if isinstance(dns, str) else list(dns)
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.DNSName(host) for host in names]), critical=False
        )
    return builder.sign(issuer_key or key, hashes.SHA256())


def tls_files(folder: Path, host: str, *more_hosts: str) -> tuple[Path, Path, Path]:
    """A throwaway authority and a certificate for host (and more_hosts) it signed, as files in
    folder: (authority.pem, tls.pem, tls.key)."""
    authority_key = ec.generate_private_key(ec.SECP256R1())
    # Named for its host: with two fakes trusted at once (one SSL_CERT_FILE), OpenSSL finds a
    # certificate's issuer by name, and two authorities of one name would hide one another.
    authority = certificate(f"Gongfang test CA for {host}", authority_key, ca=True)
    tls_key = ec.generate_private_key(ec.SECP256R1())
    tls_certificate = certificate(
        host, tls_key, issuer=authority, issuer_key=authority_key, dns=[host, *more_hosts]
    )
    paths = folder / "ca.pem", folder / "tls.pem", folder / "tls.key"
    paths[0].write_bytes(authority.public_bytes(serialization.Encoding.PEM))
    paths[1].write_bytes(tls_certificate.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(pem_private(tls_key))
    return paths


def trusting(authority: Path) -> str:
    """SSL_CERT_FILE's value that trusts `authority` as well as what it trusts now: urllib (Alipay's
    SDK) and httpx (WeChat Pay's) read it, and one test may talk to both fakes, each with its own."""
    current = os.environ.get("SSL_CERT_FILE", "")
    if not current or Path(current) == authority or authority.read_bytes() in Path(current).read_bytes():
        return current or str(authority)
    bundle = authority.with_name(f"trust-{hashlib.sha1(current.encode()).hexdigest()[:12]}.pem")
    bundle.write_bytes(authority.read_bytes() + Path(current).read_bytes())
    return str(bundle)


def serve(
    fake, *, api_host: str | tuple[str, ...], certificate_path: Path, key_path: Path, port: int = 0
) -> ThreadingHTTPServer:
    """Serve fake.handle(request, method) on 127.0.0.1:port, tunnelled requests to api_host included,
    on threads of its own."""
    hosts = (api_host,) if isinstance(api_host, str) else api_host
    tls_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls_context.load_cert_chain(certificate_path, key_path)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        tunnelled = False
        # An answer goes out as headers, then body: with Nagle's algorithm the body would wait for
        # the client's delayed ACK of the headers (up to 40 ms on Linux), which a provider's front
        # server never makes its callers wait.
        disable_nagle_algorithm = True

        def log_message(self, *args):
            pass

        def do_CONNECT(self):
            if self.path not in {f"{host}:443" for host in hosts}:
                self.send_error(403)
                return
            self.server.tunnels_opened += 1  # how many connections the SDKs opened (kept or not)
            self.send_response(200, "Connection Established")
            self.end_headers()
            self.close_connection = True
            try:
                tls = tls_context.wrap_socket(self.connection, server_side=True)
            except (ssl.SSLError, OSError):
                return  # a client that does not trust the authority: nothing is served
            TunnelHandler(tls, self.client_address, self.server)

        def do_GET(self):
            fake.handle(self, "GET")

        def do_POST(self):
            fake.handle(self, "POST")

    class TunnelHandler(Handler):
        tunnelled = True

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.tunnels_opened = 0
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def page(request: BaseHTTPRequestHandler, status: int, content: str) -> None:
    """A small HTML page (the wallet stand-in's)."""
    head = "<!doctype html><meta charset=utf-8><meta name=viewport content='width=device-width'>"
    body = f"{head}{content}".encode()
    request.send_response(status)
    request.send_header("Content-Type", "text/html; charset=utf-8")
    request.send_header("Content-Length", str(len(body)))
    request.end_headers()
    request.wfile.write(body)
