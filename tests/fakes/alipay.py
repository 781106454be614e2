"""A small Alipay open-API server on loopback, for the tests and the demo.

Two faces, as Alipay has:
  * the browser's: http://127.0.0.1:<port>/gateway.do?<signed alipay.trade.page.pay or wap.pay> is
    Alipay's cashier (ALIPAY_GATEWAY): the request's RSA2 signature is checked, the trade opened, and
    a page standing in for the tourist's Alipay shows the amount and a pay button (POST pays it,
    delivers the notification and goes back to return_url);
  * the server's: python-alipay-sdk always calls https://openapi.alipay.com/gateway.do, so the fake
    is the HTTPS proxy of the process (HTTPS_PROXY) and answers the CONNECT with a certificate for
    that name signed by a throwaway authority the client trusts (SSL_CERT_FILE): alipay.trade.precreate
    (a trade opened now, its qr_code answered; /wallet/<out_trade_no> is the page the scanning phone
    shows), alipay.trade.query, .refund and .close, each request's signature checked against
    our app's public key (an error answer otherwise) and each answer signed with Alipay's key over
    its exact JSON text.

Notifications are forms signed (RSA2) over every field but sign and sign_type, as Alipay's. State:
trades by out_trade_no (WAIT_BUYER_PAY, TRADE_SUCCESS, TRADE_CLOSED), refunds by out_request_no (a
refund beyond what is left is refused: ACQ.REFUND_AMT_NOT_EQUAL_TOTAL). The daily trade bill
(alipay.data.dataservice.bill.downloadurl.query, then a plain download of the address it gives) is
built from that state as Alipay writes it: a zip of GBK CSVs (tests/fakes/alipay_bill.py). Keys are
made at run time.
"""

import base64
import datetime
import itertools
import json
import secrets
import threading
import urllib.request
from dataclasses import dataclass, field
from decimal import Decimal
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from tests.fakes.alipay_bill import trade_bill_zip
from tests.fakes.tunnel import page, pem_private, pem_public, serve, tls_files

API_HOST = "openapi.alipay.com"
CHINA = datetime.timezone(datetime.timedelta(hours=8))


def _sign(key, message: str) -> str:
    return base64.b64encode(key.sign(message.encode(), padding.PKCS1v15(), hashes.SHA256())).decode()


def _amount_valid(amount: str) -> bool:
    """Alipay's total_amount: yuan with at most two decimals, 0.01 to 100000000."""
    try:
        value = Decimal(amount)
        return value == value.quantize(Decimal("0.01")) and Decimal("0.01") <= value <= Decimal("100000000")
    except ArithmeticError:  # not a number, NaN, infinity
        return False


def signed_content(params: dict, *, without=("sign",)) -> str:
    """Alipay's string to sign: the non-empty fields but those left out, sorted, as key=value&…"""
    return "&".join(f"{k}={v}" for k, v in sorted(params.items()) if k not in without and v != "")


@dataclass(frozen=True)
class AlipayKeys:
    folder: Path
    appid: str
    app_private_key_path: Path  # ours (ALIPAY_PRIVATE_KEY_PATH)
    alipay_public_key_path: Path  # Alipay's (ALIPAY_PUBLIC_KEY_PATH)
    authority_path: Path
    alipay_key: rsa.RSAPrivateKey
    tls_certificate_path: Path
    tls_key_path: Path

    @classmethod
    def generate(cls, folder: Path) -> "AlipayKeys":
        folder.mkdir(parents=True, exist_ok=True)
        app_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        alipay_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        authority_path, tls_certificate_path, tls_key_path = tls_files(folder, API_HOST)
        (folder / "app_private.pem").write_bytes(pem_private(app_key))
        (folder / "app_public.pem").write_bytes(pem_public(app_key))
        (folder / "alipay_public.pem").write_bytes(pem_public(alipay_key))
        return cls(
            folder=folder,
            appid="2021000117600001",
            app_private_key_path=folder / "app_private.pem",
            alipay_public_key_path=folder / "alipay_public.pem",
            authority_path=authority_path,
            alipay_key=alipay_key,
            tls_certificate_path=tls_certificate_path,
            tls_key_path=tls_key_path,
        )

    @property
    def app_public_key(self):
        return serialization.load_pem_public_key((self.folder / "app_public.pem").read_bytes())


@dataclass
class Notification:
    url: str
    body: bytes
    out_trade_no: str = ""


@dataclass
class Trade:
    out_trade_no: str
    total_amount: str
    subject: str
    product_code: str
    notify_url: str
    return_url: str
    state: str = "WAIT_BUYER_PAY"
    trade_no: str = ""
    gmt_payment: str = ""
    refunded: Decimal = Decimal("0.00")
    refunds: list[dict] = field(default_factory=list)


class FakeAlipay:
    def __init__(self, keys: AlipayKeys):
        self.keys = keys
        self.trades: dict[str, Trade] = {}
        self.refunds: dict[str, dict] = {}
        self.notifications: list[Notification] = []
        self.requests: list[tuple[str, str]] = []  # (method name, code answered)
        self.fee_bp = 38  # the merchant's rate as the bill shows it (0.38%)
        self.bills: dict[str, bytes] = {}  # download token -> the zipped bill
        self.lock = threading.RLock()
        self._ids = itertools.count(1)
        self.server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def gateway(self) -> str:
        return f"{self.url}/gateway.do"

    def reset(self) -> None:
        with self.lock:
            self.trades.clear()
            self.refunds.clear()
            self.notifications.clear()
            self.requests.clear()
            self.bills.clear()

    def start(self, port: int = 0) -> "FakeAlipay":
        self.server = serve(
            self, api_host=API_HOST, certificate_path=self.keys.tls_certificate_path,
            key_path=self.keys.tls_key_path, port=port,
        )  # fmt: skip
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    # -- what a test does in the tourist's place ---------------------------------------------------

    def open(self, url: str) -> int:
        """The tourist's browser follows the redirect to Alipay's cashier: the status answered."""
        try:
            with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(url, timeout=10) as answer:
                return answer.status
        except urllib.error.HTTPError as error:
            return error.code

    def pay(self, out_trade_no: str, *, deliver: bool = False) -> Notification:
        with self.lock:
            trade = self.trades[out_trade_no]
            if trade.state == "WAIT_BUYER_PAY":
                trade.state = "TRADE_SUCCESS"
                trade.trade_no = f"2026120622001{next(self._ids):015d}"
                trade.gmt_payment = datetime.datetime.now(CHINA).strftime("%Y-%m-%d %H:%M:%S")
            notification = self.notification(trade)
        if deliver:
            self.deliver(notification)
        return notification

    def refund_outside(self, out_trade_no: str, refund_amount: str, *, out_request_no: str = "") -> dict:
        """A refund made in Alipay's merchant platform, not through our API (reconciliation finds it)."""
        with self.lock:
            key = out_request_no or f"MP{next(self._ids):010d}"
            biz = {"out_trade_no": out_trade_no, "refund_amount": refund_amount, "out_request_no": key}
            return self.refund(biz)

    def notification(self, trade: Trade, *, total_amount: str | None = None) -> Notification:
        fields = {
            "notify_time": datetime.datetime.now(CHINA).strftime("%Y-%m-%d %H:%M:%S"),
            "notify_type": "trade_status_sync",
            "notify_id": f"ac05099524730693a8b330c5ecf72da{next(self._ids):04d}",
            "app_id": self.keys.appid,
            "charset": "utf-8",
            "version": "1.0",
            "trade_no": trade.trade_no,
            "out_trade_no": trade.out_trade_no,
            "trade_status": trade.state,
            "total_amount": total_amount or trade.total_amount,
            "receipt_amount": total_amount or trade.total_amount,
            "subject": trade.subject,
            "gmt_payment": trade.gmt_payment,
        }
        fields["sign"] = _sign(self.keys.alipay_key, signed_content(fields))
        fields["sign_type"] = "RSA2"
        notification = Notification(trade.notify_url, urlencode(fields).encode(), trade.out_trade_no)
        self.notifications.append(notification)
        return notification

    def deliver(self, notification: Notification) -> int:
        request = urllib.request.Request(
            notification.url,
            data=notification.body,
            headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"},
            method="POST",
        )
        try:
            with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(
                request, timeout=10
            ) as answer:
                return answer.status
        except urllib.error.HTTPError as error:
            return error.code

    # -- requests ---------------------------------------------------------------------------------------

    def handle(self, request: BaseHTTPRequestHandler, method: str) -> None:
        url = urlsplit(request.path)
        length = int(request.headers.get("Content-Length") or 0)
        body = request.rfile.read(length).decode() if length else ""
        if not request.tunnelled and url.path.startswith("/wallet/") and method == "POST":
            return self.wallet_pay(request, url.path.rsplit("/", 1)[-1])
        if not request.tunnelled and url.path.startswith("/wallet/") and method == "GET":
            return self.wallet_page(request, url.path.rsplit("/", 1)[-1])
        if not request.tunnelled and url.path == "/downloadBillFile.resource" and method == "GET":
            return self.bill_download(request, dict(parse_qsl(url.query)).get("token", ""))
        if url.path != "/gateway.do":
            return page(request, 404, "<p>Not found</p>")
        params = dict(parse_qsl(url.query if method == "GET" else body, keep_blank_values=True))
        name = params.get("method", "")
        with self.lock:
            if not self.signature_valid(params):
                if request.tunnelled:  # api_answer records it
                    return self.api_answer(
                        request,
                        name,
                        {
                            "code": "40002",
                            "msg": "Invalid Arguments",
                            "sub_code": "isv.invalid-signature",
                            "sub_msg": "验签出错",
                        },
                    )
                self.requests.append((name, "40002"))
                return page(request, 400, "<p>验签出错 · invalid signature</p>")
            biz = json.loads(params.get("biz_content") or "{}")
            if not request.tunnelled and name in ("alipay.trade.page.pay", "alipay.trade.wap.pay"):
                return self.cashier(request, params, biz)
            if request.tunnelled and name == "alipay.trade.precreate":
                return self.api_answer(request, name, self.precreate(params, biz))
            if request.tunnelled and name == "alipay.trade.query":
                return self.api_answer(request, name, self.query(biz))
            if request.tunnelled and name == "alipay.trade.refund":
                return self.api_answer(request, name, self.refund(biz))
            if request.tunnelled and name == "alipay.trade.close":
                return self.api_answer(request, name, self.close(biz))
            if request.tunnelled and name == "alipay.data.dataservice.bill.downloadurl.query":
                return self.api_answer(request, name, self.bill_url(biz))
        return page(request, 400, "<p>Unknown method</p>")

    def signature_valid(self, params: dict) -> bool:
        if params.get("app_id") != self.keys.appid or params.get("sign_type") != "RSA2":
            return False
        try:
            signature = base64.b64decode(params.get("sign", ""), validate=True)
            self.keys.app_public_key.verify(
                signature, signed_content(params).encode(), padding.PKCS1v15(), hashes.SHA256()
            )
        except (ValueError, InvalidSignature):
            return False
        return True

    def api_answer(self, request, name: str, answer: dict) -> None:
        self.requests.append((name, answer["code"]))
        content = json.dumps(answer, ensure_ascii=False, separators=(",", ":"))
        response_type = name.replace(".", "_") + "_response"
        body = f'{{"{response_type}":{content},"sign":"{_sign(self.keys.alipay_key, content)}"}}'.encode()
        request.send_response(200)
        request.send_header("Content-Type", "application/json;charset=utf-8")
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)

    def query(self, biz: dict) -> dict:
        trade = self.trades.get(biz.get("out_trade_no", ""))
        if trade is None:
            return {
                "code": "40004",
                "msg": "Business Failed",
                "sub_code": "ACQ.TRADE_NOT_EXIST",
                "sub_msg": "交易不存在",
            }
        answer = {
            "code": "10000",
            "msg": "Success",
            "out_trade_no": trade.out_trade_no,
            "trade_status": trade.state,
            "total_amount": trade.total_amount,
        }
        if trade.trade_no:
            answer |= {
                "trade_no": trade.trade_no,
                "send_pay_date": trade.gmt_payment,
                "buyer_logon_id": "tou***@example.cn",
            }
        return answer

    def precreate(self, params: dict, biz: dict) -> dict:
        """统一收单线下交易预创建: the trade opened now (the same out_trade_no again: the same trade, as
        long as the amount is the same), its QR code answered."""
        out_trade_no = biz.get("out_trade_no", "")
        total_amount = biz.get("total_amount", "")
        trade = self.trades.get(out_trade_no)
        if not out_trade_no or not biz.get("subject") or not _amount_valid(total_amount):
            return {"code": "40004", "msg": "Business Failed", "sub_code": "ACQ.INVALID_PARAMETER",
                    "sub_msg": "参数无效"}  # fmt: skip
        if trade is not None and (trade.total_amount != total_amount or trade.state != "WAIT_BUYER_PAY"):
            closed = trade.state == "TRADE_CLOSED"
            return {"code": "40004", "msg": "Business Failed", "sub_msg": "交易状态不合法",
                    "sub_code": "ACQ.TRADE_HAS_CLOSE" if closed else "ACQ.TRADE_HAS_SUCCESS"}  # fmt: skip
        if trade is None:
            trade = Trade(
                out_trade_no=out_trade_no, total_amount=total_amount, subject=biz["subject"],
                product_code="FACE_TO_FACE_PAYMENT", notify_url=params.get("notify_url", ""), return_url="",
            )  # fmt: skip
            self.trades[out_trade_no] = trade
        code = f"https://qr.alipay.com/bax0{out_trade_no[-12:].lower()}"
        return {"code": "10000", "msg": "Success", "out_trade_no": out_trade_no, "qr_code": code}

    def refund(self, biz: dict) -> dict:
        trade = self.trades.get(biz.get("out_trade_no", ""))
        if trade is None:
            return {
                "code": "40004",
                "msg": "Business Failed",
                "sub_code": "ACQ.TRADE_NOT_EXIST",
                "sub_msg": "交易不存在",
            }
        key = biz.get("out_request_no") or trade.out_trade_no
        if key in self.refunds:
            return self.refunds[key]
        amount = Decimal(biz.get("refund_amount", "0"))
        if trade.state != "TRADE_SUCCESS":
            return {
                "code": "40004",
                "msg": "Business Failed",
                "sub_code": "ACQ.TRADE_STATUS_ERROR",
                "sub_msg": "交易状态不合法",
            }
        if amount <= 0 or trade.refunded + amount > Decimal(trade.total_amount):
            return {
                "code": "40004",
                "msg": "Business Failed",
                "sub_code": "ACQ.REFUND_AMT_NOT_EQUAL_TOTAL",
                "sub_msg": "退款金额超限",
            }
        trade.refunded += amount
        refunded_at = datetime.datetime.now(CHINA).strftime("%Y-%m-%d %H:%M:%S")
        answer = {
            "code": "10000",
            "msg": "Success",
            "trade_no": trade.trade_no,
            "out_trade_no": trade.out_trade_no,
            "buyer_logon_id": "tou***@example.cn",
            "fund_change": "Y",
            "refund_fee": f"{trade.refunded:.2f}",
        }
        self.refunds[key] = answer
        refund = {"out_request_no": key, "refund_amount": f"{amount:.2f}", "gmt_refund": refunded_at}
        trade.refunds.append(refund)
        return answer

    def bill_url(self, biz: dict) -> dict:
        """查询对账单下载地址: a day without trades has no bill (isp.bill_not_exist)."""
        try:
            day = datetime.date.fromisoformat(biz.get("bill_date", ""))
        except ValueError:
            return {"code": "40004", "msg": "Business Failed", "sub_code": "isv.invalid-arguments",
                    "sub_msg": "bill_date 格式错误"}  # fmt: skip
        bill = trade_bill_zip(self, day) if biz.get("bill_type") == "trade" else None
        if bill is None or day >= datetime.datetime.now(CHINA).date():
            return {"code": "40004", "msg": "Business Failed", "sub_code": "isp.bill_not_exist",
                    "sub_msg": "账单不存在"}  # fmt: skip
        token = secrets.token_hex(16)
        self.bills[token] = bill
        address = f"{self.url}/downloadBillFile.resource?bizType=trade&fileType=csv.zip&bizDates={day:%Y%m%d}"
        return {"code": "10000", "msg": "Success", "bill_download_url": f"{address}&token={token}"}

    def bill_download(self, request, token: str) -> None:
        bill = self.bills.get(token)
        if bill is None:
            return page(request, 404, "<p>文件不存在</p>")
        request.send_response(200)
        request.send_header("Content-Type", "application/oct-stream")
        request.send_header("Content-Disposition", "attachment; filename=bill.csv.zip")
        request.send_header("Content-Length", str(len(bill)))
        request.end_headers()
        request.wfile.write(bill)
        return None

    def close(self, biz: dict) -> dict:
        trade = self.trades.get(biz.get("out_trade_no", ""))
        if trade is None:
            return {
                "code": "40004",
                "msg": "Business Failed",
                "sub_code": "ACQ.TRADE_NOT_EXIST",
                "sub_msg": "交易不存在",
            }
        if trade.state != "WAIT_BUYER_PAY":
            return {
                "code": "40004",
                "msg": "Business Failed",
                "sub_code": "ACQ.TRADE_STATUS_ERROR",
                "sub_msg": "交易状态不合法",
            }
        trade.state = "TRADE_CLOSED"
        return {"code": "10000", "msg": "Success", "out_trade_no": trade.out_trade_no}

    # -- the cashier and the wallet stand-in -------------------------------------------------------

    def cashier(self, request, params: dict, biz: dict) -> None:
        out_trade_no = biz.get("out_trade_no", "")
        trade = self.trades.get(out_trade_no)
        if trade is None:
            trade = Trade(
                out_trade_no=out_trade_no,
                total_amount=biz.get("total_amount", ""),
                subject=biz.get("subject", ""),
                product_code=biz.get("product_code", ""),
                notify_url=params.get("notify_url", ""),
                return_url=params.get("return_url", ""),
            )
            self.trades[out_trade_no] = trade
        self.requests.append((params["method"], "cashier"))
        content = (
            f"<h1>支付宝 · Alipay (demo)</h1><p>{escape(trade.subject)}</p>"
            f"<p data-testid=wallet-amount>¥{escape(trade.total_amount)}</p><p>{trade.state}</p>"
            f"<form method=post action='/wallet/{escape(out_trade_no)}'>"
            f"<button data-testid=wallet-pay>确认付款 · Pay</button></form>"
        )
        page(request, 200, content)

    def wallet_page(self, request, out_trade_no: str) -> None:
        """What the phone that scanned a precreate's code shows: the trade and a pay button."""
        with self.lock:
            trade = self.trades.get(out_trade_no)
        if trade is None:
            return page(request, 404, "<p>没有这笔交易</p>")
        content = (
            f"<h1>支付宝 · Alipay (demo)</h1><p>{escape(trade.subject)}</p>"
            f"<p data-testid=wallet-amount>¥{escape(trade.total_amount)}</p><p>{trade.state}</p>"
            f"<form method=post action='/wallet/{escape(out_trade_no)}'>"
            f"<button data-testid=wallet-pay>确认付款 · Pay</button></form>"
        )
        return page(request, 200, content)

    def wallet_pay(self, request, out_trade_no: str) -> None:
        with self.lock:
            trade = self.trades.get(out_trade_no)
        if trade is None:
            return page(request, 404, "<p>没有这笔交易</p>")
        self.pay(out_trade_no, deliver=True)
        if trade.return_url.startswith(("http://127.0.0.1", "http://localhost")):
            query = urlencode(
                {
                    "out_trade_no": trade.out_trade_no,
                    "trade_no": trade.trade_no,
                    "total_amount": trade.total_amount,
                }
            )
            request.send_response(303)
            request.send_header("Location", f"{trade.return_url}?{query}")
            request.send_header("Content-Length", "0")
            request.end_headers()
            return None
        return page(request, 200, "<p data-testid=wallet-paid>支付成功 · Paid</p>")
