from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

SESSION_HASH_SALT = "gongfang.accounts.User.session_auth_hash"


class User(AbstractUser):
    """Everyone who signs in: programme staff (is_staff), cart operators and artisans.

    Operators and artisans are tied to their carts and to their artisan record by those apps; a
    phone number lets artisans sign in with a PIN later on.

    Every bearer token and every session carries the password and the sign-in generation it was
    issued under: changing either (a new password; a new PIN, or being disabled, which raise the
    generation through accounts.services.user_sign_ins_revoke) ends them all at once.
    """

    display_name = models.CharField(_("显示名"), max_length=100, blank=True)
    phone = models.CharField(_("手机号"), max_length=20, blank=True, null=True, unique=True)
    preferred_language = models.CharField(
        _("语言"), max_length=10, default="zh-hans", choices=[("zh-hans", "简体中文"), ("en", "English")]
    )
    sign_in_generation = models.PositiveIntegerField(_("登录版本"), default=0, editable=False)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self):
        return self.display_name or self.username

    def get_session_auth_hash(self):
        """Django checks a session against this on every request: a PIN change ends her sessions too."""
        return self._sign_in_hash(secret=None)

    def get_session_auth_fallback_hash(self):
        for secret in settings.SECRET_KEY_FALLBACKS:
            yield self._sign_in_hash(secret=secret)

    def _sign_in_hash(self, *, secret):
        material = f"{self.password}\n{self.sign_in_generation}"
        return salted_hmac(SESSION_HASH_SALT, material, secret=secret, algorithm="sha256").hexdigest()
