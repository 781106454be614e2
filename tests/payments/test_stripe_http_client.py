"""The Stripe client's HTTP connection (payments.stripe_client): kept alive between calls, opened
anew when the server has closed it, and a server that cannot be reached is stripe-python's
APIConnectionError (which payments' services turn into a provider error)."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import stripe

from payments.stripe_client import _KeepAliveClient


class _Api(BaseHTTPRequestHandler):
    """Answers every request with its method, path and body as JSON; /close closes the connection
    after answering, as a server dropping an idle keep-alive connection would."""

    protocol_version = "HTTP/1.1"

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        payload = json.dumps({"method": self.command, "path": self.path, "body": body}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("Request-Id", "req_test")
        self.end_headers()
        self.wfile.write(payload)
        if self.path == "/close":
            self.close_connection = True

    do_GET = do_POST = do_DELETE = _answer

    def log_message(self, *args):
        pass


@pytest.fixture
def api():
    connections = []

    class Server(ThreadingHTTPServer):
        daemon_threads = True

        def process_request(self, request, client_address):
            connections.append(client_address)
            super().process_request(request, client_address)

        def shutdown_request(self, request):
            super().shutdown_request(request)
            self.closed.set()  # this end of a connection is closed

    server = Server(("127.0.0.1", 0), _Api)
    server.closed = threading.Event()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.connections = connections
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield server
    server.shutdown()
    server.server_close()


def test_calls_share_one_kept_alive_connection(api):
    client = _KeepAliveClient()

    first = client.request("post", f"{api.url}/v1/payment_intents", {}, "amount=100&currency=cny")
    second = client.request("get", f"{api.url}/v1/payment_intents/pi_1?expand[]=x", {})

    assert [json.loads(content) for content, _status, _headers in (first, second)] == [
        {"method": "POST", "path": "/v1/payment_intents", "body": "amount=100&currency=cny"},
        {"method": "GET", "path": "/v1/payment_intents/pi_1?expand[]=x", "body": ""},
    ]
    assert (second[1], second[2]["request-id"]) == (200, "req_test")
    assert len(api.connections) == 1
    client.close()


def test_a_connection_the_server_closed_is_opened_again(api):
    client = _KeepAliveClient()

    client.request("get", f"{api.url}/close", {})
    assert api.closed.wait(5)
    content, status, _headers = client.request("get", f"{api.url}/v1/balance", {})

    assert (status, json.loads(content)["path"]) == (200, "/v1/balance")
    assert len(api.connections) == 2
    client.close()


def test_a_server_that_is_gone_is_a_connection_error(api):
    client = _KeepAliveClient()
    client.request("get", f"{api.url}/close", {})
    assert api.closed.wait(5)
    api.shutdown()
    api.server_close()

    with pytest.raises(stripe.APIConnectionError):
        client.request("get", f"{api.url}/v1/balance", {})
