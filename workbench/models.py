from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CartRestockTarget(models.Model):
    """How many days of its own sales a cart should hold (docs/restock.md); RESTOCK_COVER_DAYS when
    staff set none."""

    cart = models.OneToOneField(
        "carts.Cart", verbose_name=_("零售车"), on_delete=models.CASCADE, related_name="restock_target"
    )
    cover_days = models.PositiveSmallIntegerField(_("备货天数"))
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("更新人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("零售车备货目标")
        verbose_name_plural = _("零售车备货目标")
        constraints = [
            models.CheckConstraint(
                condition=Q(cover_days__gte=1, cover_days__lte=60), name="restocktarget_cover_days_1_to_60"
            )
        ]

    def __str__(self):
        return f"{self.cart} · {self.cover_days}"
