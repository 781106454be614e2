"""URLs of payments: the providers' notifications."""

from django.urls import path

from payments.views import alipay_notify, stripe_webhook, wechat_pay_notify

app_name = "payments"

urlpatterns = [
    path("stripe/webhook/", stripe_webhook, name="stripe_webhook"),
    path("wechat-pay/notify/", wechat_pay_notify, name="wechat_pay_notify"),
    path("alipay/notify/", alipay_notify, name="alipay_notify"),
]
