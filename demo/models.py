from django.db import models
from django.utils.translation import gettext_lazy as _


class DemoWorld(models.Model):
    """Written by `manage.py demo` before it builds anything: this database holds the demo world and
    its well-known logins, so running the command again here is safe (demo/guard.py)."""

    started_at = models.DateTimeField(_("开始建立"), auto_now_add=True)

    class Meta:
        verbose_name = _("演示数据")
        verbose_name_plural = _("演示数据")

    def __str__(self):
        return f"demo {self.started_at:%Y-%m-%d %H:%M}"
