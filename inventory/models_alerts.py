""" "Tell me when it is back": a tourist's request to hear when a sold-out variant is in stock again."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# Neither sent nor withdrawn.
WAITING = Q(notified_at__isnull=True, unsubscribed_at__isnull=True)


class BackInStockSubscription(models.Model):
    """One per contact and variant while it waits: a phone, an email, or both. Sent once (notified_at),
    or withdrawn by its unsubscribe link (unsubscribed_at); a later sell-out takes a new request."""

    variant = models.ForeignKey(
        "catalog.Variant",
        verbose_name=_("SKU"),
        on_delete=models.CASCADE,
        related_name="back_in_stock_subscriptions",
    )
    phone = models.CharField(_("手机号"), max_length=30, blank=True)
    email = models.EmailField(_("邮箱"), max_length=254, blank=True)
    language = models.CharField(_("语言"), max_length=10, default="zh-hans")
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)  # the unsubscribe link's
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    notified_at = models.DateTimeField(_("通知时间"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("退订时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("到货提醒登记")
        verbose_name_plural = _("到货提醒登记")
        constraints = [
            models.CheckConstraint(condition=~Q(phone="", email=""), name="backinstock_has_contact"),
            models.UniqueConstraint(
                fields=["variant", "phone"],
                name="backinstock_one_per_phone_waiting",
                condition=WAITING & ~Q(phone=""),
            ),
            models.UniqueConstraint(
                fields=["variant", "email"],
                name="backinstock_one_per_email_waiting",
                condition=WAITING & ~Q(email=""),
            ),
        ]
        indexes = [models.Index(fields=["variant"], name="backinstock_waiting", condition=WAITING)]

    def __str__(self):
        return f"{self.variant_id}: {self.phone or self.email}"
