"""Which ways to pay the payment page offers, by where the tourist is (docs/payments.md):

  inside WeChat's browser   WeChat Pay first (JSAPI with an official account, else its QR code,
                            which WeChat reads with a long press); Alipay does not open inside WeChat
  a phone's browser         WeChat Pay (H5) and Alipay (wap.pay), both with their logos
  a desktop                 the QR codes: WeChat Pay Native and Alipay's page.pay
  everywhere                Stripe's cards, first for a visitor reading the English pages

Only providers that take payments here are offered (payments.providers_available: production
without a provider's settings never shows it).
"""

from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from payments.models import Provider
from payments.providers import Scene, provider_get, providers_available


@dataclass(frozen=True)
class PaymentOption:
    provider: str
    scene: str
    label: str
    logo: str  # a static path

    @property
    def key(self) -> str:
        return f"{self.provider}:{self.scene}"


def where(user_agent: str) -> str:
    """ "wechat" (WeChat's own browser), "phone" or "desktop", from the User-Agent."""
    if "MicroMessenger" in user_agent:
        return "wechat"
    if any(mark in user_agent for mark in ("Mobile", "Android", "iPhone", "iPad")):
        return "phone"
    return "desktop"


def payment_options(*, user_agent: str, has_openid: bool = False) -> list[PaymentOption]:
    available = set(providers_available())
    place = where(user_agent)
    options: list[PaymentOption] = []
    wechat = _("微信支付")
    alipay = _("支付宝")
    if Provider.WECHAT_PAY in available:
        scenes = provider_get(Provider.WECHAT_PAY).scenes()
        if place == "wechat":
            scene = Scene.JSAPI if Scene.JSAPI in scenes and has_openid else Scene.NATIVE
        else:
            scene = Scene.H5 if place == "phone" else Scene.NATIVE
        options.append(PaymentOption(Provider.WECHAT_PAY, scene, str(wechat), "storefront/wechat-pay.svg"))
    if Provider.ALIPAY in available and place != "wechat":
        scene = Scene.H5 if place == "phone" else Scene.NATIVE
        options.append(PaymentOption(Provider.ALIPAY, scene, str(alipay), "storefront/alipay.svg"))
    if Provider.STRIPE in available:
        card = PaymentOption(Provider.STRIPE, Scene.CARD, str(_("银行卡（境外）")), "storefront/card.svg")
        if (get_language() or "").startswith("en"):
            options.insert(0, card)
        else:
            options.append(card)
    return options


def option_of(options: list[PaymentOption], provider: str, scene: str) -> PaymentOption | None:
    return next((o for o in options if (o.provider, o.scene) == (provider, scene)), None)
