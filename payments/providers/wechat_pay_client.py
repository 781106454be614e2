"""This process's WeChat Pay client: calls out on one kept connection, notifications checked locally.

The SDK's sync WeChatPay opens a new connection for every call (requests.post with no session: a
TLS handshake through the proxy and a fresh SSL context each time), which cost a web worker more than
the rest of the payment's work together. Calls therefore go through the SDK's AsyncWeChatPay
(wechatpayv3[async]), whose httpx.AsyncClient keeps its connection for the client's life. It runs on
an event loop of this process's own, in a daemon thread; the sync code (views, tasks) waits for each
call's result. httpx trusts certifi's authorities, or those of SSL_CERT_FILE when it is set (the
fakes' throwaway authority in the tests and the demo).

Notifications are checked by the sync WeChatPay, made on the first one: for a notification signed by
a platform certificate it does not have yet (WeChat Pay rotated it) it fetches them again, which the
async client's check does not do.
"""

import asyncio
import threading
from contextlib import AsyncExitStack
from functools import cached_property

from wechatpayv3 import WeChatPay
from wechatpayv3 import WeChatPayType as SyncPayType
from wechatpayv3.async_ import AsyncWeChatPay
from wechatpayv3.async_ import WeChatPayType as PayType  # its own enum: pay(pay_type=…) takes this one

CALL_TIMEOUT_SECONDS = 60  # beyond the SDK's own (5 s to connect, 20 s to read): a stuck loop


class WeChatPayClient:
    def __init__(self, **options):
        """options: what WeChatPay and AsyncWeChatPay both take but wechatpay_type (each call says
        its own); proxy is a URL or None (httpx takes the URL, requests a {"https": URL})."""
        self._options = options
        self._loop = asyncio.new_event_loop()
        threading.Thread(target=self._loop.run_forever, name="wechat-pay", daemon=True).start()
        try:
            # Opening it fetches the platform certificates (unless cert_dir holds valid ones). It stays
            # open for the process's life: the process's end closes its connection.
            sdk = AsyncWeChatPay(wechatpay_type=PayType.NATIVE, **options)
            self.calls = self.run(AsyncExitStack().enter_async_context(sdk))
        except BaseException:
            self._loop.call_soon_threadsafe(self._loop.stop)
            raise

    def run(self, coroutine):
        """The coroutine's result, run on this client's loop (from any thread but the loop's)."""
        future = asyncio.run_coroutine_threadsafe(coroutine, self._loop)
        try:
            return future.result(CALL_TIMEOUT_SECONDS)
        except TimeoutError:
            future.cancel()
            raise

    @cached_property
    def notifications(self) -> WeChatPay:
        """The sync client that checks and decrypts notifications (made, and its certificates
        fetched, on the first one this process receives)."""
        proxy = self._options["proxy"]
        options = {**self._options, "proxy": {"https": proxy} if proxy else None}
        return WeChatPay(wechatpay_type=SyncPayType.NATIVE, **options)
