from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.i18n import localized


class Site(models.Model):
    """A tourist scenic area where a cart stands."""

    code = models.SlugField(_("编号"), max_length=40, unique=True)
    name_zh = models.CharField(_("名称（中文）"), max_length=100)
    name_en = models.CharField(_("名称（英文）"), max_length=100)
    county_zh = models.CharField(_("所在县市"), max_length=50, blank=True)
    description_zh = models.TextField(_("介绍（中文）"), blank=True)
    description_en = models.TextField(_("介绍（英文）"), blank=True)

    class Meta:
        verbose_name = _("景区")
        verbose_name_plural = _("景区")
        ordering = ["code"]

    def __str__(self):
        return self.name_zh

    @property
    def name(self):
        return localized(self, "name")


class Cart(models.Model):
    """A mobile retail cart (零售车); its stock sits at its own location."""

    code = models.SlugField(_("编号"), max_length=40, unique=True)
    name_zh = models.CharField(_("名称（中文）"), max_length=100)
    name_en = models.CharField(_("名称（英文）"), max_length=100)
    site = models.ForeignKey(Site, verbose_name=_("景区"), on_delete=models.PROTECT, related_name="carts")
    location = models.OneToOneField(
        "inventory.Location", verbose_name=_("库位"), on_delete=models.PROTECT, related_name="cart"
    )
    is_active = models.BooleanField(_("营业中"), default=True)

    class Meta:
        verbose_name = _("零售车")
        verbose_name_plural = _("零售车")
        ordering = ["code"]

    def __str__(self):
        return self.name_zh

    @property
    def name(self):
        return localized(self, "name")


class Operator(models.Model):
    """A cart operator (运营员): a user who may act on the carts assigned to her."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登录账户"),
        on_delete=models.CASCADE,
        related_name="operator",
    )
    carts = models.ManyToManyField(Cart, verbose_name=_("负责的零售车"), related_name="operators", blank=True)
    is_trainee = models.BooleanField(_("学员"), default=False)

    class Meta:
        verbose_name = _("运营员")
        verbose_name_plural = _("运营员")

    def __str__(self):
        return str(self.user)
