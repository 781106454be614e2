"""The official account's web authorization (snsapi_base), for the openid JSAPI payments need.

Inside WeChat's browser the tourist is sent to authorize_url; WeChat sends her straight back (base
scope asks her nothing) to our redirect_uri with a one-time code and our state, and openid_for_code
trades the code for her openid at https://api.weixin.qq.com/sns/oauth2/access_token with the
official account's appid and secret (through WECHATPAY_PROXY where set, as the payment API). The
secret travels only in that request (urllib3's debug log is kept off: config.settings.LOGGING).
"""

from urllib.parse import urlencode

import requests
from django.conf import settings

from payments.errors import PaymentProviderError

ACCESS_TOKEN_URL = "https://api.weixin.qq.com/sns/oauth2/access_token"


def official_account_configured() -> bool:
    return bool(settings.WECHATPAY_JSAPI_APPID and settings.WECHAT_OA_SECRET)


def authorize_url(*, redirect_uri: str, state: str) -> str:
    query = urlencode(
        {
            "appid": settings.WECHATPAY_JSAPI_APPID,
            "redirect_uri": redirect_uri,
            "response_type": "code",
            "scope": "snsapi_base",
            "state": state,
        }
    )
    return f"{settings.WECHAT_OAUTH_AUTHORIZE_URL}?{query}#wechat_redirect"


def openid_for_code(code: str) -> str:
    """The tourist's openid for the code WeChat gave her browser; PaymentProviderError otherwise."""
    params = {
        "appid": settings.WECHATPAY_JSAPI_APPID,
        "secret": settings.WECHAT_OA_SECRET,
        "code": code,
        "grant_type": "authorization_code",
    }
    proxies = {"https": settings.WECHATPAY_PROXY} if settings.WECHATPAY_PROXY else None
    try:
        response = requests.get(ACCESS_TOKEN_URL, params=params, timeout=(5, 10), proxies=proxies)
        answer = response.json()
    except (requests.RequestException, ValueError) as error:
        raise PaymentProviderError(params={"provider_message": type(error).__name__}) from error
    if response.status_code != 200 or not answer.get("openid"):
        raise PaymentProviderError(
            params={
                "provider_code": str(answer.get("errcode", "")),
                "provider_message": answer.get("errmsg", ""),
            }
        )
    return answer["openid"]
