"""Whether `manage.py demo` may build here: it adds well-known logins (staff / gongfang-staff and the
operators' PIN 1234), so only on a database that is empty or holds the demo world it built, and only
under the demo's or DEBUG settings; `--force` to do it anyway."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from artisans.models import Artisan
from catalog.models import Product
from demo import world
from demo.models import DemoWorld
from inventory.models import Location
from orders.models import Order


def is_demo_world() -> bool:
    """Built by this command: its mark, or (a world built before the mark) the demo's staff account
    with the demo's own password, which such a database gives away already."""
    if DemoWorld.objects.exists():
        return True
    staff = get_user_model().objects.filter(username=world.STAFF["username"]).first()
    return staff is not None and staff.check_password(world.STAFF["password"])


def demo_refusal() -> str | None:
    """Why the demo must not be built here, or None."""
    if is_demo_world():
        return None
    if not (settings.DEBUG or settings.INSECURE_DEFAULTS):
        return _(
            "这是生产环境的设置（DEBUG 关闭，也不是演示环境）：演示数据会加入公开的登录账户和 PIN。"
            "确实要这样做，请加 --force。"
        )
    held = {
        _("用户"): get_user_model().objects.count(),
        _("库位"): Location.objects.count(),
        _("手工艺人"): Artisan.objects.count(),
        _("商品"): Product.objects.count(),
        _("订单"): Order.objects.count(),
    }
    if any(held.values()):
        counts = _("、").join(f"{name} {count}" for name, count in held.items() if count)
        return _(
            "这个数据库里已有不是演示命令建立的数据（%(counts)s）：演示数据会加入公开的登录账户和 PIN。"
            "确实要这样做，请加 --force。"
        ) % {"counts": counts}
    return None


def demo_world_mark() -> None:
    if not DemoWorld.objects.exists():
        DemoWorld.objects.create()
