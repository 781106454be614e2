from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """Everyone who signs in: programme staff (is_staff), cart operators and artisans.

    Operators and artisans are tied to their carts and to their artisan record by those apps; a
    phone number lets artisans sign in with a PIN later on.
    """

    display_name = models.CharField(_("显示名"), max_length=100, blank=True)
    phone = models.CharField(_("手机号"), max_length=20, blank=True, null=True, unique=True)
    preferred_language = models.CharField(
        _("语言"), max_length=10, default="zh-hans", choices=[("zh-hans", "简体中文"), ("en", "English")]
    )

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self):
        return self.display_name or self.username
