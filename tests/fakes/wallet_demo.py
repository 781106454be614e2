"""The demo's wallets: `python -m tests.fakes.wallet_demo wechat-pay|alipay --port N --folder DIR
--notify-url URL [--return-url URL]` runs that fake on loopback with keys made now, writes DIR/env
(the settings that point the app at it, as shell exports, mode 600: the keys' paths and the APIv3 key
are never printed) and serves until stopped (scripts/demo.sh)."""

import argparse
import shlex
import threading
from pathlib import Path

from tests.fakes.alipay import AlipayKeys, FakeAlipay
from tests.fakes.wechat_pay import FakeWeChatPay, WeChatPayKeys


def wechat_pay_settings(folder: Path, port: int, notify_url: str, return_url: str) -> tuple[object, dict]:
    keys = WeChatPayKeys.generate(folder)
    fake = FakeWeChatPay(keys).start(port=port)
    return fake, {
        "WECHATPAY_MCHID": keys.mchid,
        "WECHATPAY_APPID": keys.appid,
        "WECHATPAY_MERCHANT_SERIAL": keys.merchant_serial,
        "WECHATPAY_PRIVATE_KEY_PATH": str(keys.merchant_key_path.resolve()),
        "WECHATPAY_APIV3_KEY": keys.apiv3_key,
        "WECHATPAY_NOTIFY_URL": notify_url,
        "WECHATPAY_PROXY": fake.url,
        "WECHATPAY_WALLET_STANDIN_URL": f"{fake.url}/wallet/",
        # An official account: inside WeChat (a browser sending WeChat's User-Agent) the tourist's
        # openid comes from the fake's authorization page and she pays by JSAPI (the stand-in's sheet).
        "WECHATPAY_JSAPI_APPID": fake.official_account[0],
        "WECHAT_OA_SECRET": fake.official_account[1],
        "WECHAT_OAUTH_AUTHORIZE_URL": f"{fake.url}/connect/oauth2/authorize",
        # Its throwaway authority, trusted by requests (the notifications' certificates) and httpx
        # (the calls); scripts/demo.sh trusts both fakes' authorities when it runs both.
        "REQUESTS_CA_BUNDLE": str(keys.authority_path.resolve()),
        "SSL_CERT_FILE": str(keys.authority_path.resolve()),
    }


def alipay_settings(folder: Path, port: int, notify_url: str, return_url: str) -> tuple[object, dict]:
    keys = AlipayKeys.generate(folder)
    fake = FakeAlipay(keys).start(port=port)
    return fake, {
        "ALIPAY_APPID": keys.appid,
        "ALIPAY_PRIVATE_KEY_PATH": str(keys.app_private_key_path.resolve()),
        "ALIPAY_PUBLIC_KEY_PATH": str(keys.alipay_public_key_path.resolve()),
        "ALIPAY_NOTIFY_URL": notify_url,
        "ALIPAY_RETURN_URL": return_url,
        "ALIPAY_GATEWAY": fake.gateway,
        # python-alipay-sdk calls Alipay's own address through urllib: the fake is the proxy.
        "HTTPS_PROXY": fake.url,
        "NO_PROXY": "127.0.0.1,localhost",
        "SSL_CERT_FILE": str(keys.authority_path.resolve()),
    }


WALLETS = {"wechat-pay": wechat_pay_settings, "alipay": alipay_settings}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("wallet", choices=sorted(WALLETS))
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--folder", type=Path, required=True)
    parser.add_argument("--notify-url", required=True)
    parser.add_argument("--return-url", default="")
    options = parser.parse_args()
    fake, settings = WALLETS[options.wallet](
        options.folder, options.port, options.notify_url, options.return_url
    )
    env = options.folder / "env"
    env.write_text("".join(f"export {name}={shlex.quote(value)}\n" for name, value in settings.items()))
    env.chmod(0o600)
    print(f"{options.wallet} fake on {fake.url} (settings in {env})", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        fake.stop()


if __name__ == "__main__":
    main()
