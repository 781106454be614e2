"""Inside WeChat's browser, with an official account configured (payments.wechat_oauth): the
tourist's openid, fetched once per session through WeChat's web authorization (snsapi_base), so that
she pays by JSAPI in WeChat's own payment sheet. Without the official account, or if WeChat's answer
fails, she pays by the QR code as before (WeChat reads it with a long press)."""

import secrets

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.errors import DomainError
from payments.wechat_oauth import authorize_url, official_account_configured, openid_for_code
from storefront import session as store
from storefront.payment_options import where


def openid_needed(request):
    """The redirect to WeChat's authorization when the tourist is inside WeChat, an official account
    is configured and her openid is not known yet (nor was tried and failed); else None."""
    if where(request.headers.get("User-Agent", "")) != "wechat" or not official_account_configured():
        return None
    saved = request.session.get(store.WECHAT_OAUTH_KEY) or {}
    if store.wechat_openid(request.session) or saved.get("failed"):
        return None
    state = secrets.token_urlsafe(16)
    request.session[store.WECHAT_OAUTH_KEY] = {"state": state, "next": request.get_full_path()}
    back = request.build_absolute_uri(reverse("storefront:wechat-openid"))
    return redirect(authorize_url(redirect_uri=back, state=state))


@require_GET
def wechat_openid(request):
    """Where WeChat's authorization sends the tourist back: the code traded for her openid."""
    saved = request.session.get(store.WECHAT_OAUTH_KEY) or {}
    state, code = request.GET.get("state", ""), request.GET.get("code", "")
    following = saved.get("next", "")
    if not url_has_allowed_host_and_scheme(following, allowed_hosts={request.get_host()}):
        following = reverse("storefront:checkout")
    if not saved.get("state") or not code or not constant_time_compare(state, saved["state"]):
        return redirect("storefront:basket")  # not the answer to our request: nothing is kept
    try:
        openid = openid_for_code(code)
    except DomainError:
        request.session[store.WECHAT_OAUTH_KEY] = {"failed": True}
        messages.warning(request, _("未能在微信内直接支付，请长按识别二维码付款。"))
        return redirect(following)
    request.session.pop(store.WECHAT_OAUTH_KEY, None)
    store.wechat_openid_set(request.session, openid)
    return redirect(following)
