""" "Tell me when it is back": a tourist asks for a sold-out variant; when stock of it returns at the
base or a cart (an intake, a transfer received, a count or adjustment, a refund putting it back), the
movement writers ask for the check after their commit, and each waiting request gets one message
(a text through core.notifications, an email through Django's mail) and is marked sent."""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.errors import NotFound, ValidationFailed
from core.notifications import TextMessage, sms_send
from inventory.models import BackInStockSubscription, StockLevel
from inventory.models_alerts import WAITING


def _language(language: str) -> str:
    return "en" if (language or "").lower().startswith("en") else "zh-hans"


def back_in_stock_subscribe(*, variant, phone: str = "", email: str = "", language: str = "zh-hans"):
    """The waiting request of this contact for this variant: the one there is, or a new one.
    (The page checks the phone's and email's form; a request with neither is refused here too.)"""
    phone, email = phone.strip(), email.strip().lower()
    if not phone and not email:
        raise ValidationFailed(_("请填写手机号或邮箱，至少一项。"), field="phone")
    existing = _waiting_for(variant=variant, phone=phone, email=email)
    if existing is not None:
        return existing
    # Anyone can type anyone's number: a cap on what one contact waits for bounds the messages a
    # stranger can have sent to it, whatever addresses the requests come from.
    if _waiting_for_contact(phone=phone, email=email).count() >= settings.BACK_IN_STOCK_PER_CONTACT:
        raise ValidationFailed(
            _("这个手机号或邮箱等待到货的作品已经太多了。"), field="phone" if phone else "email"
        )
    try:
        with transaction.atomic():
            return BackInStockSubscription.objects.create(
                variant=variant, phone=phone, email=email, language=_language(language)
            )
    except IntegrityError:  # the same request at the same moment: the other one stands
        found = _waiting_for(variant=variant, phone=phone, email=email)
        if found is None:
            raise
        return found


def _waiting_for_contact(*, phone: str, email: str):
    same = Q(phone=phone) & ~Q(phone="") if phone else Q(pk__in=[])
    if email:
        same |= Q(email=email) & ~Q(email="")
    return BackInStockSubscription.objects.filter(WAITING, same)


def _waiting_for(*, variant, phone: str, email: str):
    return _waiting_for_contact(phone=phone, email=email).filter(variant=variant).order_by("pk").first()


@transaction.atomic
def back_in_stock_unsubscribe(*, token) -> BackInStockSubscription:
    """Withdraw a request by its link's token (again: nothing more happens)."""
    subscription = BackInStockSubscription.objects.select_for_update().filter(token=token).first()
    if subscription is None:
        raise NotFound(_("找不到这条到货提醒。"), field="token")
    if subscription.unsubscribed_at is None and subscription.notified_at is None:
        subscription.unsubscribed_at = timezone.now()
        subscription.save(update_fields=["unsubscribed_at"])
    return subscription


def back_in_stock_check_on_commit(variant_ids: Iterable[int]) -> None:
    """Called by the movement writers with the variants whose stock rose: when someone waits for one
    of them, the check runs in a task after the commit (robust: a broker down must not fail the intake)."""
    ids = sorted(set(variant_ids))
    if not ids or not BackInStockSubscription.objects.filter(WAITING, variant_id__in=ids).exists():
        return

    def enqueue():
        from inventory.tasks import back_in_stock_send

        back_in_stock_send.delay(variant_ids=ids)

    transaction.on_commit(enqueue, robust=True)


def back_in_stock_notify(*, variant_ids: Iterable[int]) -> int:
    """Send each waiting request for these variants that are in stock now (more on hand than is
    allocated, at an active location) its one message; returns how many were sent now."""
    in_stock = StockLevel.objects.filter(
        variant_id__in=list(variant_ids), quantity__gt=F("allocated"), location__is_active=True
    ).values("variant_id")
    waiting = BackInStockSubscription.objects.filter(WAITING, variant_id__in=in_stock).order_by("pk")
    return sum(_notify_one(pk) for pk in waiting.values_list("pk", flat=True))


@transaction.atomic
def _notify_one(pk: int) -> int:
    """One request, its row held while sending, so two tasks at once send it once. A send that fails
    rolls the mark back: the task's retry sends it then."""
    subscription = (
        BackInStockSubscription.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("variant__product")
        .filter(WAITING, pk=pk)
        .first()
    )
    if subscription is None:
        return 0
    with translation.override(subscription.language):
        if subscription.phone:
            sms_send(back_in_stock_text(subscription=subscription))
        if subscription.email:
            subject, body = back_in_stock_email(subscription=subscription)
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [subscription.email])
    subscription.notified_at = timezone.now()
    subscription.save(update_fields=["notified_at"])
    return 1


def _links(subscription) -> dict[str, str]:
    variant = subscription.variant
    product = settings.SITE_URL + reverse("storefront:product", kwargs={"slug": variant.product.slug})
    unsubscribe = settings.SITE_URL + reverse(
        "storefront:back-in-stock-unsubscribe", kwargs={"token": subscription.token}
    )
    name = variant.product.name if not variant.name else f"{variant.product.name} {variant.name}"
    return {"piece": name, "url": f"{product}?v={variant.sku}", "unsubscribe": unsubscribe}


def back_in_stock_text(*, subscription) -> TextMessage:
    """The text, in the language active (the request's)."""
    links = _links(subscription)
    text = _("【工坊】您关注的“%(piece)s”又有货了：%(url)s 退订：%(unsubscribe)s") % links
    return TextMessage(
        phone=subscription.phone, template="back_in_stock", text=text, params={"piece": links["piece"]}
    )


def back_in_stock_email(*, subscription) -> tuple[str, str]:
    links = _links(subscription)
    subject = _("“%(piece)s”又有货了") % links
    body = (
        _(
            "您好！\n\n您关注的“%(piece)s”又有货了，数量有限：\n%(url)s\n\n"
            "这是我们唯一的一次提醒。不想再收到：%(unsubscribe)s\n\n工坊"
        )
        % links
    )
    return subject, body
