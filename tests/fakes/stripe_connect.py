"""A small Stripe-compatible Connect server on loopback, for the payout tests (localstripe has none).

Implements what payments/connect.py uses, the way Stripe behaves:
  POST /v1/transfers                      honours Idempotency-Key (same key, same answer; a key reused
                                          with other parameters is a 400 idempotency_error)
  GET  /v1/transfers[?transfer_group=&destination=&limit=]   newest first
  GET  /v1/transfers/{id}
  POST /v1/transfers/{id}/reversals
Switches: `refuse_next` makes the next create fail with a 400 (message given); `crash_next` makes it
create the transfer and then drop the connection without answering (the lost-response crash);
`unavailable_next` answers the next request with a 500 without doing anything.
`created` counts transfers actually made; `requests` records (method, path) of every call.
"""

import itertools
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit


def _nested(pairs: list[tuple[str, str]]) -> dict:
    """Stripe's form encoding: metadata[payout_id]=7 -> {"metadata": {"payout_id": "7"}}."""
    out: dict = {}
    for key, value in pairs:
        if "[" in key and key.endswith("]"):
            outer, inner = key[:-1].split("[", 1)
            out.setdefault(outer, {})[inner] = value
        else:
            out[key] = value
    return out


class FakeConnect:
    def __init__(self, accounts: set[str] | None = None):
        self.accounts = set(accounts or {"acct_chimeg"})
        self.transfers: list[dict] = []
        self.requests: list[tuple[str, str]] = []
        self.idempotency: dict[str, tuple[dict, int, dict]] = {}
        self.refuse_next: str | None = None
        self.crash_next = False
        self.unavailable_next = False
        self.lock = threading.Lock()
        self._ids = itertools.count(1)
        self.server: ThreadingHTTPServer | None = None

    @property
    def created(self) -> int:
        return len(self.transfers)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "FakeConnect":
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                fake.handle(self, "GET")

            def do_POST(self):
                fake.handle(self, "POST")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    # -- requests ---------------------------------------------------------------------------------

    def handle(self, request: BaseHTTPRequestHandler, method: str) -> None:
        url = urlsplit(request.path)
        length = int(request.headers.get("Content-Length") or 0)
        body = request.rfile.read(length).decode() if length else ""
        with self.lock:
            self.requests.append((method, url.path))
            if self.unavailable_next:
                self.unavailable_next = False
                return self.answer(request, 500, _error("api_error", "Stripe is having a bad day"))
            params = _nested(parse_qsl(body if method == "POST" else url.query))
            parts = url.path.strip("/").split("/")
            if parts[:2] != ["v1", "transfers"]:
                return self.answer(request, 404, _error("invalid_request_error", "Unrecognized request URL"))
            if method == "POST" and len(parts) == 2:
                return self.create(request, params)
            if method == "GET" and len(parts) == 2:
                return self.answer(request, 200, self.list(params))
            found = next((t for t in self.transfers if len(parts) > 2 and t["id"] == parts[2]), None)
            if found is None:
                return self.answer(
                    request, 404, _error("invalid_request_error", "No such transfer", "resource_missing")
                )
            if method == "GET" and len(parts) == 3:
                return self.answer(request, 200, found)
            if method == "POST" and parts[3:] == ["reversals"]:
                return self.reverse(request, found, params)
            return self.answer(request, 404, _error("invalid_request_error", "Unrecognized request URL"))

    def create(self, request, params: dict) -> None:
        key = request.headers.get("Idempotency-Key")
        if key and key in self.idempotency:
            seen_params, status, answer = self.idempotency[key]
            if seen_params != params:
                return self.answer(
                    request,
                    400,
                    _error(
                        "idempotency_error",
                        "Keys for idempotent requests can only be used with the same parameters",
                    ),
                )
            return self.answer(request, status, answer)
        if self.refuse_next:
            message, self.refuse_next = self.refuse_next, None
            status, answer = 400, _error("invalid_request_error", message, "account_invalid")
        elif params.get("destination") not in self.accounts:
            status, answer = 400, _error("invalid_request_error", "No such destination", "resource_missing")
        else:
            status, answer = 200, self.make(params)
        if key:
            self.idempotency[key] = (params, status, answer)
        if status == 200 and self.crash_next:
            self.crash_next = False
            request.close_connection = True
            return None  # the transfer exists; its answer is lost
        return self.answer(request, status, answer)

    def make(self, params: dict) -> dict:
        transfer = {
            "id": f"tr_fake{next(self._ids):06d}",
            "object": "transfer",
            "amount": int(params["amount"]),
            "amount_reversed": 0,
            "currency": params.get("currency", "cny"),
            "destination": params["destination"],
            "transfer_group": params.get("transfer_group"),
            "metadata": params.get("metadata", {}),
            "created": int(time.time()),
            "livemode": False,
            "reversed": False,
            "reversals": {"object": "list", "data": [], "has_more": False, "url": ""},
        }
        self.transfers.append(transfer)
        return transfer

    def list(self, params: dict) -> dict:
        found = [
            t
            for t in reversed(self.transfers)
            if all(
                t.get(name) == params[name] for name in ("transfer_group", "destination") if name in params
            )
        ]
        limit = int(params.get("limit", 10))
        return {
            "object": "list",
            "data": found[:limit],
            "has_more": len(found) > limit,
            "url": "/v1/transfers",
        }

    def reverse(self, request, transfer: dict, params: dict) -> None:
        left = transfer["amount"] - transfer["amount_reversed"]
        amount = int(params.get("amount", left))
        if amount > left or amount <= 0:
            return self.answer(
                request, 400, _error("invalid_request_error", "Amount exceeds what can be reversed")
            )
        transfer["amount_reversed"] += amount
        transfer["reversed"] = transfer["amount_reversed"] == transfer["amount"]
        reversal = {"id": f"trr_fake{next(self._ids):06d}", "object": "transfer_reversal", "amount": amount,
                    "currency": transfer["currency"], "transfer": transfer["id"], "metadata": {}}  # fmt: skip
        transfer["reversals"]["data"].append(reversal)
        return self.answer(request, 200, reversal)

    @staticmethod
    def answer(request, status: int, payload: dict) -> None:
        body = json.dumps(payload).encode()
        request.send_response(status)
        request.send_header("Content-Type", "application/json")
        request.send_header("Content-Length", str(len(body)))
        request.send_header("Request-Id", "req_fake")
        request.end_headers()
        request.wfile.write(body)


def _error(kind: str, message: str, code: str | None = None) -> dict:
    return {"error": {"type": kind, "message": message, **({"code": code} if code else {})}}
