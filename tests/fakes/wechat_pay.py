"""A small WeChat Pay (API v3) server on loopback, for the tests and the demo.

It stands where https://api.mch.weixin.qq.com is: wechatpayv3 always talks to that address, so the
fake is its HTTPS proxy (the SDK's documented `proxy` setting). A CONNECT to api.mch.weixin.qq.com:443
is answered by a TLS handshake with a certificate for that name, signed by a throwaway authority the
client trusts (REQUESTS_CA_BUNDLE), and the tunnelled requests are served here. Plain HTTP requests
to the fake are the wallet stand-in (`/wallet/…`: the page a tourist's phone would show).

It behaves as WeChat Pay does where we rely on it:
  * every API request must carry `Authorization: WECHATPAY2-SHA256-RSA2048 mchid=…,nonce_str=…,
    signature=…,timestamp=…,serial_no=…`, an RSA-SHA256 signature of "METHOD\\nPATH?QUERY\\nTIMESTAMP\\n
    NONCE\\nBODY\\n" by the merchant key whose certificate serial it names, within five minutes;
    otherwise 401 SIGN_ERROR and nothing happens;
  * every answer is signed with the platform key (Wechatpay-Timestamp, -Nonce, -Serial, -Signature,
    -Signature-Type), and /v3/certificates serves the platform certificate encrypted with the
    merchant's APIv3 key (AEAD_AES_256_GCM);
  * notifications are signed the same way and carry the transaction encrypted with the APIv3 key;
  * state: trades by out_trade_no (NOTPAY, SUCCESS, CLOSED, REFUND), refunds by out_refund_no
    (a refund beyond what is left is refused with 400 INVALID_REQUEST);
  * the daily trade bill (/v3/bill/tradebill, then /v3/billdownload/file): built from that state,
    the day's payments and refunds in WeChat Pay's CSV (every field prefixed with a backtick, a
    summary after), gzipped, its SHA1 in the first answer (tests/fakes/wechat_pay_bill.py).

The official account's web authorization (snsapi_base) is served too: the browser's
/connect/oauth2/authorize on the fake's own address (open.weixin.qq.com's page: it sends the browser
back to redirect_uri with a one-time code and the state), and the server's
https://api.weixin.qq.com/sns/oauth2/access_token, tunnelled as the API is, which checks the appid,
secret and code and answers the tourist's openid (official_account: the pair it knows).

Keys are made at run time with `cryptography` (WeChatPayKeys.generate); none is ever committed.
"""

import base64
import datetime
import gzip
import hashlib
import itertools
import json
import secrets
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from tests.fakes.tunnel import certificate, page, pem_private, pem_public, serve, tls_files
from tests.fakes.wechat_pay_bill import trade_bill_csv

API_HOST = "api.mch.weixin.qq.com"
OFFICIAL_ACCOUNT_HOST = "api.weixin.qq.com"
TOURIST_OPENID = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"
SIGNATURE_TYPE = "WECHATPAY2-SHA256-RSA2048"
CHINA = datetime.timezone(datetime.timedelta(hours=8))


@dataclass(frozen=True)
class WeChatPayKeys:
    """Throwaway keys for one fake merchant: ours (the merchant's) and WeChat Pay's (the platform's),
    and the authority behind the fake's TLS certificate. Written under folder as files, since the
    settings name paths."""

    folder: Path
    mchid: str
    appid: str
    merchant_serial: str
    apiv3_key: str
    merchant_key_path: Path
    authority_path: Path
    platform_key: rsa.RSAPrivateKey
    platform_certificate: x509.Certificate
    tls_certificate_path: Path
    tls_key_path: Path

    @classmethod
    def generate(cls, folder: Path) -> "WeChatPayKeys":
        folder.mkdir(parents=True, exist_ok=True)
        merchant_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        platform_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        platform_certificate = certificate("Tenpay.com Root CA", platform_key)
        authority_path, tls_certificate_path, tls_key_path = tls_files(
            folder, API_HOST, OFFICIAL_ACCOUNT_HOST
        )
        (folder / "apiclient_key.pem").write_bytes(pem_private(merchant_key))
        # The merchant's public key as WeChat Pay holds it (from the merchant's API certificate).
        (folder / "merchant_public.pem").write_bytes(pem_public(merchant_key))
        return cls(
            folder=folder,
            mchid="1900000109",
            appid="wxd678efh567hg6787",
            merchant_serial=format(x509.random_serial_number(), "X"),
            apiv3_key=secrets.token_hex(16),  # 32 characters, as WeChat Pay's APIv3 key
            merchant_key_path=folder / "apiclient_key.pem",
            authority_path=authority_path,
            platform_key=platform_key,
            platform_certificate=platform_certificate,
            tls_certificate_path=tls_certificate_path,
            tls_key_path=tls_key_path,
        )

    @property
    def merchant_public_key(self):
        return serialization.load_pem_public_key((self.folder / "merchant_public.pem").read_bytes())

    @property
    def platform_serial(self) -> str:
        return format(self.platform_certificate.serial_number, "X")


def _encrypt(apiv3_key: str, plaintext: str, associated_data: str) -> dict:
    nonce = secrets.token_hex(6)  # 12 characters, as WeChat Pay's
    ciphertext = AESGCM(apiv3_key.encode()).encrypt(
        nonce.encode(), plaintext.encode(), associated_data.encode()
    )
    return {
        "algorithm": "AEAD_AES_256_GCM",
        "ciphertext": base64.b64encode(ciphertext).decode(),
        "associated_data": associated_data,
        "nonce": nonce,
    }


@dataclass
class Notification:
    """A notification as WeChat Pay POSTs it to notify_url."""

    url: str
    headers: dict[str, str]
    body: bytes
    out_trade_no: str = ""

    def django_headers(self) -> dict:
        """For Django's test client: the headers as HTTP_… keys."""
        return {"HTTP_" + name.upper().replace("-", "_"): value for name, value in self.headers.items()}


@dataclass
class Trade:
    out_trade_no: str
    trade_type: str
    total: int
    description: str
    notify_url: str
    appid: str
    mchid: str
    prepay_id: str
    created: datetime.datetime
    openid: str = ""
    state: str = "NOTPAY"
    transaction_id: str = ""
    success_time: str = ""
    refunded: int = 0
    refunds: list[dict] = field(default_factory=list)


class FakeWeChatPay:
    def __init__(self, keys: WeChatPayKeys):
        self.keys = keys
        self.trades: dict[str, Trade] = {}
        self.refunds: dict[str, dict] = {}
        self.notifications: list[Notification] = []
        self.requests: list[tuple[str, str, int]] = []  # (method, path, status answered)
        self.unavailable_next = False
        self.fee_bp = 38  # the merchant's rate as the bill shows it (0.38%)
        self.bills: dict[str, bytes] = {}  # download token -> the bill's CSV
        self.official_account = ("wx2421b1c4370ec43b", secrets.token_hex(16))  # (appid, AppSecret)
        self.oauth_codes: dict[str, str] = {}  # one-time code -> openid
        self.lock = threading.RLock()
        self._ids = itertools.count(1)
        self.server: ThreadingHTTPServer | None = None

    def reset(self) -> None:
        with self.lock:
            self.trades.clear()
            self.refunds.clear()
            self.notifications.clear()
            self.requests.clear()
            self.bills.clear()
            self.oauth_codes.clear()
            self.unavailable_next = False

    # -- running --------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        """The fake's own address: WECHATPAY_PROXY, and the wallet stand-in's pages."""
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self, port: int = 0) -> "FakeWeChatPay":
        self.server = serve(
            self, api_host=(API_HOST, OFFICIAL_ACCOUNT_HOST), certificate_path=self.keys.tls_certificate_path,
            key_path=self.keys.tls_key_path, port=port,
        )  # fmt: skip
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    # -- what a test does in the tourist's place ---------------------------------------------------

    def pay(self, out_trade_no: str, *, openid: str = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", deliver: bool = False):
        """The tourist pays in her wallet: the trade succeeds and its notification is made (and POSTed
        to its notify_url when deliver). Returns the Notification."""
        with self.lock:
            trade = self.trades[out_trade_no]
            if trade.state == "NOTPAY":
                trade.state = "SUCCESS"
                trade.transaction_id = f"42000{next(self._ids):023d}"
                trade.success_time = datetime.datetime.now(CHINA).isoformat(timespec="seconds")
                trade.openid = trade.openid or openid
            notification = self.notification(trade)
        if deliver:
            self.deliver(notification)
        return notification

    def refund_outside(self, out_trade_no: str, refund_fen: int, *, out_refund_no: str = "") -> dict:
        """A refund made in WeChat Pay's merchant platform, not through our API (reconciliation finds it)."""
        with self.lock:
            trade = self.trades[out_trade_no]
            out_refund_no = out_refund_no or f"MP{next(self._ids):010d}"
            return self.refund_make(trade, out_refund_no, refund_fen)

    def notification(self, trade: Trade, *, amount_total: int | None = None) -> Notification:
        """TRANSACTION.SUCCESS for the trade as it stands (amount_total: a forged amount, signed all
        the same, for the wrong-amount test)."""
        transaction = self.transaction(trade)
        if amount_total is not None:
            transaction["amount"]["total"] = transaction["amount"]["payer_total"] = amount_total
        payload = {
            "id": f"EV-2018022511223320873{next(self._ids):05d}",
            "create_time": datetime.datetime.now(CHINA).isoformat(timespec="seconds"),
            "resource_type": "encrypt-resource",
            "event_type": "TRANSACTION.SUCCESS",
            "summary": "支付成功",
            "resource": {
                "original_type": "transaction",
                **_encrypt(self.keys.apiv3_key, json.dumps(transaction, ensure_ascii=False), "transaction"),
            },
        }
        body = json.dumps(payload, ensure_ascii=False)
        notification = Notification(
            url=trade.notify_url,
            headers=self.signed_headers(body),
            body=body.encode(),
            out_trade_no=trade.out_trade_no,
        )
        self.notifications.append(notification)
        return notification

    def deliver(self, notification: Notification, *, timeout: float = 10) -> int:
        """POST a notification to its notify_url as WeChat Pay does; the status answered."""
        request = urllib.request.Request(
            notification.url,
            data=notification.body,
            headers={"Content-Type": "application/json", **notification.headers},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    # -- the API -----------------------------------------------------------------------------------

    def signed_headers(self, body: str) -> dict[str, str]:
        timestamp, nonce = str(int(time.time())), secrets.token_hex(16).upper()
        message = f"{timestamp}\n{nonce}\n{body}\n".encode()
        signature = self.keys.platform_key.sign(message, padding.PKCS1v15(), hashes.SHA256())
        return {
            "Wechatpay-Timestamp": timestamp,
            "Wechatpay-Nonce": nonce,
            "Wechatpay-Serial": self.keys.platform_serial,
            "Wechatpay-Signature": base64.b64encode(signature).decode(),
            "Wechatpay-Signature-Type": SIGNATURE_TYPE,
        }

    def answer(
        self, request: BaseHTTPRequestHandler, status: int, payload: dict | None, method: str, path: str
    ):
        body = json.dumps(payload, ensure_ascii=False) if payload is not None else ""
        self.requests.append((method, path, status))
        request.send_response(status)
        if payload is not None:
            request.send_header("Content-Type", "application/json; charset=utf-8")
        request.send_header("Content-Length", str(len(body.encode())))
        request.send_header("Request-ID", f"08F4{secrets.token_hex(8).upper()}")
        for name, value in self.signed_headers(body).items():
            request.send_header(name, value)
        request.end_headers()
        request.wfile.write(body.encode())

    def error(self, request, status: int, code: str, message: str, method: str, path: str):
        self.answer(request, status, {"code": code, "message": message}, method, path)

    def handle(self, request: BaseHTTPRequestHandler, method: str) -> None:
        length = int(request.headers.get("Content-Length") or 0)
        body = request.rfile.read(length).decode() if length else ""
        if not request.tunnelled and urlsplit(request.path).path == "/connect/oauth2/authorize":
            return self.oauth_authorize(request)
        if not request.tunnelled:
            return self.wallet(request, method, body)
        if request.headers.get("Host", "").split(":")[0] == OFFICIAL_ACCOUNT_HOST:
            return self.oauth_access_token(request)
        with self.lock:
            if self.unavailable_next:
                self.unavailable_next = False
                return self.error(request, 500, "SYSTEM_ERROR", "系统错误", method, request.path)
            if not self.signature_valid(request, method, body):
                return self.error(request, 401, "SIGN_ERROR", "签名错误", method, request.path)
            return self.route(request, method, body)

    def signature_valid(self, request, method: str, body: str) -> bool:
        """WeChat Pay's check of a merchant's request (its "签名验证")."""
        authorization = request.headers.get("Authorization", "")
        scheme, _, rest = authorization.partition(" ")
        if scheme != SIGNATURE_TYPE:
            return False
        fields = {}
        for part in rest.split(","):
            name, _, value = part.strip().partition("=")
            fields[name] = value.strip('"')
        if fields.get("mchid") != self.keys.mchid or fields.get("serial_no") != self.keys.merchant_serial:
            return False
        try:
            timestamp = int(fields.get("timestamp", ""))
            signature = base64.b64decode(fields.get("signature", ""), validate=True)
        except ValueError:
            return False
        if abs(time.time() - timestamp) > 300:
            return False
        message = f"{method}\n{request.path}\n{timestamp}\n{fields.get('nonce_str', '')}\n{body}\n".encode()
        try:
            self.keys.merchant_public_key.verify(signature, message, padding.PKCS1v15(), hashes.SHA256())
        except InvalidSignature:
            return False
        return True

    def route(self, request, method: str, body: str) -> None:
        url = urlsplit(request.path)
        parts = url.path.strip("/").split("/")
        query = {name: values[0] for name, values in parse_qs(url.query).items()}
        data = json.loads(body) if body else {}
        path = url.path
        if method == "GET" and path == "/v3/certificates":
            return self.answer(request, 200, self.certificates(), method, path)
        if method == "POST" and parts[:3] == ["v3", "pay", "transactions"] and len(parts) == 4:
            return self.create(request, parts[3].upper(), data, method, path)
        if parts[:4] == ["v3", "pay", "transactions", "out-trade-no"] and len(parts) >= 5:
            trade = self.trades.get(parts[4])
            if trade is None:
                return self.error(request, 404, "ORDER_NOT_EXIST", "订单不存在", method, path)
            if method == "GET" and len(parts) == 5 and query.get("mchid") == self.keys.mchid:
                return self.answer(request, 200, self.transaction(trade), method, path)
            if method == "POST" and parts[5:] == ["close"]:
                if trade.state != "NOTPAY":
                    return self.error(request, 400, "ORDERPAID", "订单已支付", method, path)
                trade.state = "CLOSED"
                return self.answer(request, 204, None, method, path)
        if method == "POST" and path == "/v3/refund/domestic/refunds":
            return self.refund(request, data, method, path)
        if method == "GET" and path == "/v3/bill/tradebill":
            return self.trade_bill(request, query, method, path)
        if method == "GET" and path == "/v3/billdownload/file":
            return self.bill_download(request, query, method, path)
        return self.error(request, 404, "NOT_FOUND", "无此接口", method, path)

    def certificates(self) -> dict:
        pem = self.keys.platform_certificate.public_bytes(serialization.Encoding.PEM).decode()
        certificate = self.keys.platform_certificate
        return {
            "data": [
                {
                    "serial_no": self.keys.platform_serial,
                    "effective_time": certificate.not_valid_before_utc.isoformat(),
                    "expire_time": certificate.not_valid_after_utc.isoformat(),
                    "encrypt_certificate": _encrypt(self.keys.apiv3_key, pem, "certificate"),
                }
            ]
        }

    def create(self, request, trade_type: str, data: dict, method: str, path: str):
        missing = [name for name in ("appid", "mchid", "description", "out_trade_no", "notify_url", "amount")
                   if not data.get(name)]  # fmt: skip
        total = (data.get("amount") or {}).get("total")
        if missing or type(total) is not int or total <= 0 or trade_type not in ("NATIVE", "H5", "JSAPI"):
            return self.error(request, 400, "PARAM_ERROR", f"参数错误 {missing}", method, path)
        if data["mchid"] != self.keys.mchid:
            return self.error(request, 400, "MCH_NOT_EXISTS", "商户号不存在", method, path)
        if trade_type == "H5" and not (data.get("scene_info") or {}).get("payer_client_ip"):
            return self.error(request, 400, "PARAM_ERROR", "缺少 payer_client_ip", method, path)
        if trade_type == "JSAPI" and not (data.get("payer") or {}).get("openid"):
            return self.error(request, 400, "PARAM_ERROR", "缺少 openid", method, path)
        existing = self.trades.get(data["out_trade_no"])
        if existing is not None and (existing.total, existing.trade_type) != (total, trade_type):
            return self.error(request, 400, "OUT_TRADE_NO_USED", "商户订单号重复", method, path)
        if existing is not None and existing.state != "NOTPAY":
            return self.error(request, 400, "ORDERPAID", "该订单已支付", method, path)
        trade = existing or Trade(
            out_trade_no=data["out_trade_no"], trade_type=trade_type, total=total,
            description=data["description"], notify_url=data["notify_url"], appid=data["appid"],
            mchid=data["mchid"], prepay_id=f"wx{next(self._ids):030d}", created=datetime.datetime.now(CHINA),
            openid=(data.get("payer") or {}).get("openid", ""),
        )  # fmt: skip
        self.trades[trade.out_trade_no] = trade
        if trade_type == "NATIVE":
            answer = {"code_url": f"weixin://wxpay/bizpayurl?pr={trade.prepay_id[-10:]}"}
        elif trade_type == "H5":
            answer = {"h5_url": f"{self.url}/wallet/{trade.out_trade_no}?prepay_id={trade.prepay_id}"}
        else:
            answer = {"prepay_id": trade.prepay_id}
        return self.answer(request, 200, answer, method, path)

    def transaction(self, trade: Trade) -> dict:
        descriptions = {
            "NOTPAY": "订单未支付",
            "SUCCESS": "支付成功",
            "CLOSED": "订单已关闭",
            "REFUND": "转入退款",
        }
        answer = {
            "appid": trade.appid,
            "mchid": trade.mchid,
            "out_trade_no": trade.out_trade_no,
            "trade_state": trade.state,
            "trade_state_desc": descriptions[trade.state],
            "amount": {"total": trade.total, "currency": "CNY"},
        }
        if trade.state in ("SUCCESS", "REFUND"):
            answer |= {
                "transaction_id": trade.transaction_id,
                "trade_type": trade.trade_type,
                "bank_type": "OTHERS",
                "attach": "",
                "success_time": trade.success_time,
                "payer": {"openid": trade.openid},
                "amount": {"total": trade.total, "payer_total": trade.total, "currency": "CNY",
                           "payer_currency": "CNY"},
            }  # fmt: skip
        return answer

    def refund(self, request, data: dict, method: str, path: str):
        trade = self.trades.get(data.get("out_trade_no", ""))
        amount = data.get("amount") or {}
        if trade is None:
            return self.error(request, 404, "RESOURCE_NOT_EXISTS", "订单不存在", method, path)
        out_refund_no = data.get("out_refund_no", "")
        if out_refund_no in self.refunds:  # the same refund asked again: the same answer
            return self.answer(request, 200, self.refunds[out_refund_no], method, path)
        if trade.state not in ("SUCCESS", "REFUND"):
            return self.error(request, 400, "INVALID_REQUEST", "订单未支付", method, path)
        if amount.get("total") != trade.total or amount.get("currency") != "CNY":
            return self.error(request, 400, "PARAM_ERROR", "订单金额或币种信息不一致", method, path)
        refund_fen = amount.get("refund")
        if type(refund_fen) is not int or refund_fen <= 0 or refund_fen > trade.total - trade.refunded:
            return self.error(request, 400, "INVALID_REQUEST", "申请退款金额超过订单可退金额", method, path)
        return self.answer(request, 200, self.refund_make(trade, out_refund_no, refund_fen), method, path)

    def refund_make(self, trade: Trade, out_refund_no: str, refund_fen: int) -> dict:
        trade.refunded += refund_fen
        trade.state = "REFUND"
        answer = {
            "refund_id": f"50000{next(self._ids):027d}",
            "out_refund_no": out_refund_no,
            "transaction_id": trade.transaction_id,
            "out_trade_no": trade.out_trade_no,
            "channel": "ORIGINAL",
            "user_received_account": "支付用户零钱",
            "create_time": datetime.datetime.now(CHINA).isoformat(timespec="seconds"),
            "status": "PROCESSING",
            "amount": {"total": trade.total, "refund": refund_fen, "payer_total": trade.total,
                       "payer_refund": refund_fen, "currency": "CNY"},
        }  # fmt: skip
        self.refunds[out_refund_no] = answer
        trade.refunds.append(answer)
        return answer

    def trade_bill(self, request, query: dict, method: str, path: str):
        """申请交易账单: where to download the day's bill and its SHA1; a day without trades has none."""
        try:
            day = datetime.date.fromisoformat(query.get("bill_date", ""))
        except ValueError:
            return self.error(request, 400, "PARAM_ERROR", "bill_date 格式错误", method, path)
        if query.get("bill_type", "ALL") != "ALL" or query.get("tar_type", "GZIP") != "GZIP":
            return self.error(request, 400, "PARAM_ERROR", "bill_type 或 tar_type 不支持", method, path)
        if day >= datetime.datetime.now(CHINA).date():
            return self.error(request, 400, "INVALID_REQUEST", "账单日期须早于今天", method, path)
        bill = trade_bill_csv(self, day)
        if bill is None:
            return self.error(request, 400, "NO_STATEMENT_EXIST", "账单文件不存在", method, path)
        token = secrets.token_urlsafe(16)
        self.bills[token] = bill
        answer = {
            "hash_type": "SHA1",
            "hash_value": hashlib.sha1(bill).hexdigest(),
            "download_url": f"https://{API_HOST}/v3/billdownload/file?token={token}",
        }
        return self.answer(request, 200, answer, method, path)

    def bill_download(self, request, query: dict, method: str, path: str):
        """下载账单: the gzipped file itself (its answer is not signed, as WeChat Pay's is not)."""
        bill = self.bills.get(query.get("token", ""))
        if bill is None:
            return self.error(request, 400, "INVALID_REQUEST", "下载链接已失效", method, path)
        body = gzip.compress(bill)
        self.requests.append((method, path, 200))
        request.send_response(200)
        request.send_header("Content-Type", "application/octet-stream")
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)
        return None

    # -- the official account's web authorization (snsapi_base) --------------------------------------

    def oauth_authorize(self, request) -> None:
        """WeChat's authorization page: inside WeChat, snsapi_base asks the tourist nothing and sends
        her back to redirect_uri with a code (valid once) and the state."""
        query = {name: values[0] for name, values in parse_qs(urlsplit(request.path).query).items()}
        if query.get("appid") != self.official_account[0] or query.get("scope") != "snsapi_base":
            return page(request, 400, "<p>10003 redirect_uri 或 appid 参数错误</p>")
        if query.get("response_type") != "code" or not query.get("redirect_uri"):
            return page(request, 400, "<p>参数错误</p>")
        code = secrets.token_hex(16)
        with self.lock:
            self.oauth_codes[code] = TOURIST_OPENID
        separator = "&" if "?" in query["redirect_uri"] else "?"
        location = f"{query['redirect_uri']}{separator}code={code}&state={query.get('state', '')}"
        request.send_response(302)
        request.send_header("Location", location)
        request.send_header("Content-Length", "0")
        request.end_headers()
        return None

    def oauth_access_token(self, request) -> None:
        """/sns/oauth2/access_token: the code for the openid, once; WeChat's errcode answers else."""
        url = urlsplit(request.path)
        query = {name: values[0] for name, values in parse_qs(url.query).items()}
        with self.lock:
            if url.path != "/sns/oauth2/access_token":
                answer = {"errcode": 40066, "errmsg": "invalid url"}
            elif (query.get("appid"), query.get("secret")) != self.official_account:
                answer = {"errcode": 40125, "errmsg": "invalid appsecret"}
            elif query.get("grant_type") != "authorization_code" or query.get("code") not in self.oauth_codes:
                answer = {"errcode": 40029, "errmsg": "invalid code"}
            else:
                answer = {
                    "access_token": secrets.token_hex(16),
                    "expires_in": 7200,
                    "refresh_token": secrets.token_hex(16),
                    "openid": self.oauth_codes.pop(query["code"]),
                    "scope": "snsapi_base",
                }
        body = json.dumps(answer).encode()
        request.send_response(200)  # WeChat answers errors with 200 and an errcode
        request.send_header("Content-Type", "text/plain")
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)
        return None

    # -- the wallet stand-in (plain HTTP, for the demo) -----------------------------------------------

    def wallet(self, request, method: str, body: str) -> None:
        """/wallet/<out_trade_no>: what the tourist's phone shows (the trade and a pay button);
        POST pays it, delivers the notification, and goes back to redirect_url if one came along."""
        url = urlsplit(request.path)
        parts = url.path.strip("/").split("/")
        query = {name: values[0] for name, values in parse_qs(url.query).items()}
        with self.lock:
            trade = self.trades.get(parts[1]) if parts[:1] == ["wallet"] and len(parts) == 2 else None
            if trade is None:
                trade = next(
                    (t for t in self.trades.values() if t.prepay_id.endswith(query.get("pr", "-"))), None
                )
        if trade is None:
            content, status = "<p>没有这笔订单 · No such payment</p>", 404
        elif method == "POST":
            self.pay(trade.out_trade_no, deliver=True)
            back = parse_qs(body).get("redirect_url", [""])[0]
            if back.startswith(("http://127.0.0.1", "http://localhost")):
                request.send_response(303)
                request.send_header("Location", back)
                request.send_header("Content-Length", "0")
                request.end_headers()
                return
            content, status = "<p data-testid=wallet-paid>支付成功 · Paid</p>", 200
        else:
            back = query.get("redirect_url", "")
            content = (
                f"<h1>微信支付 · WeChat Pay (demo)</h1><p>{escape(trade.description)}</p>"
                f"<p data-testid=wallet-amount>¥{trade.total / 100:.2f}</p><p>状态 {trade.state}</p>"
                f'<form method=post><input type=hidden name=redirect_url value="{escape(back)}">'
                f"<button data-testid=wallet-pay>确认支付 · Pay</button></form>"
            )
            status = 200
        page(request, status, content)
