"""The providers' notifications: a payment's outcome recorded once (and, on its first success, the
handlers of payments.handlers told: orders completes the checkout)."""

import logging

from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from core.errors import NotFound
from payments.errors import PaymentMismatch, PaymentProviderError, WebhookSignatureInvalid
from payments.models import Provider
from payments.notifications import payment_notification_receive
from payments.providers import wallet_get
from payments.services import payment_sync_from_intent
from payments.webhooks import (
    event_payment_intent,
    webhook_event_mark_processed,
    webhook_event_parse,
    webhook_event_record,
)

logger = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def stripe_webhook(request):
    """Verify the signature (400 if bad), record the event once and sync its payment, all in one
    transaction with what the sync's handlers do on a first success (orders completes the checkout):
    if that fails, the event is not recorded and Stripe's retry does it again. A repeated delivery
    answers 200 and changes nothing."""
    try:
        event = webhook_event_parse(
            payload=request.body, signature_header=request.headers.get("Stripe-Signature", "")
        )
    except WebhookSignatureInvalid:
        return HttpResponse(status=400)
    with transaction.atomic():
        stripe_event, is_new = webhook_event_record(event=event)
        if is_new:
            intent = event_payment_intent(event)
            if intent is not None:
                try:
                    payment_sync_from_intent(intent=intent)
                except NotFound:  # not one of ours: acknowledged and ignored
                    pass
                except PaymentMismatch:  # another amount than ours: never completes an order
                    logger.error("Stripe event %s does not match its payment", event.id)
            webhook_event_mark_processed(stripe_event=stripe_event)
    return HttpResponse(status=200)


@csrf_exempt
@require_POST
def wechat_pay_notify(request):
    """WeChat Pay's notification: verified against the platform certificate and decrypted (401 with
    WeChat Pay's FAIL answer if not, so it is not taken for delivered), recorded once; 204 when
    recorded, which WeChat Pay takes as delivered."""
    gateway = wallet_get(Provider.WECHAT_PAY)
    if not gateway.available():
        return HttpResponse(status=404)
    try:
        received = gateway.notification_parse(headers=request.headers, body=request.body)
    except WebhookSignatureInvalid:
        return JsonResponse({"code": "FAIL", "message": "签名错误"}, status=401)
    except PaymentProviderError:  # its certificates could not be fetched: WeChat Pay delivers again
        return JsonResponse({"code": "FAIL", "message": "暂时无法处理"}, status=500)
    payment_notification_receive(provider=Provider.WECHAT_PAY, received=received)
    return HttpResponse(status=204)


@csrf_exempt
@require_POST
def alipay_notify(request):
    """Alipay's asynchronous notification: its RSA2 signature verified with Alipay's public key (400
    if bad: Alipay delivers again), recorded once; "success" when recorded, which Alipay takes as
    delivered."""
    gateway = wallet_get(Provider.ALIPAY)
    if not gateway.available():
        return HttpResponse(status=404)
    try:
        received = gateway.notification_parse(headers=request.headers, body=request.body)
    except WebhookSignatureInvalid:
        return HttpResponse("fail", status=400, content_type="text/plain")
    payment_notification_receive(provider=Provider.ALIPAY, received=received)
    return HttpResponse("success", content_type="text/plain")
