"""`manage.py demo` builds the demo world once: a half-built world is completed, a built one is left alone."""

from io import StringIO

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.db.models import Count, Sum

from accounts.models import User
from artisans.models import Artisan
from carts.models import Cart, PosRefund, PosSale, Shift
from carts.selectors import z_report
from carts.services import operator_authenticate
from catalog.models import Product, Variant
from demo import builder
from demo.guard import demo_refusal, demo_world_mark
from demo.models import DemoWorld
from inventory.models import Location, Movement, StockCount, StockLevel, Transfer
from media.models import Image
from orders.models import Campaign, Order, OrderLine, ShippingRegion


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def run_demo() -> list[str]:
    out = StringIO()
    call_command("demo", stdout=out)
    return out.getvalue().splitlines()


@pytest.fixture
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.mark.django_db
def test_demo_completes_a_half_built_world_and_a_second_run_changes_nothing(
    fast_passwords, django_capture_on_commit_callbacks
):
    # given: a run that stopped after the categories
    with django_capture_on_commit_callbacks(execute=True):
        for section in builder.SECTIONS[:5]:
            section.build()

    # when
    with django_capture_on_commit_callbacks(execute=True):
        first = run_demo()
    built = row_counts()
    second = run_demo()

    # then: the first run made only what was missing
    assert first[:12] == [
        "[1/12] 创建总库、景区与零售车 … 7（已存在）",
        "[2/12] 创建账户 … 9（已存在）",
        "[3/12] 创建工坊 … 3（已存在）",
        "[4/12] 创建手工艺人 … 12（已存在）",
        "[5/12] 创建分类 … 8（已存在）",
        "[6/12] 创建商品与图片 … 47",
        "[7/12] 寄售入库 … 12",
        "[8/12] 调拨到零售车 … 4",
        "[9/12] 零售车盘点 … 1",
        "[10/12] 零售车收银：PIN、班次与销售 … 25",
        "[11/12] 手工艺人门户 PIN … 1",
        "[12/12] 网店：配送地区与推广链接 … 4",
    ]
    # and the second run nothing at all
    assert second[-1] == "演示数据已存在，没有做任何改动。"
    assert all(line.endswith("（已存在）") for line in second[:12])
    assert row_counts() == built

    # the places
    assert sorted(Location.objects.values_list("code", "kind", "name_zh")) == [
        ("base", "base", "工坊总库"),
        ("chaka", "cart", "茶卡盐湖零售车"),
        ("dongtai", "cart", "东台吉乃尔湖零售车"),
        ("feicui", "cart", "翡翠湖零售车"),
    ]
    assert sorted(Cart.objects.values_list("code", "site__name_zh", "site__county_zh")) == [
        ("chaka", "茶卡盐湖", "乌兰县"),
        ("dongtai", "东台吉乃尔湖", "格尔木市"),
        ("feicui", "翡翠湖", "大柴旦行委"),
    ]

    # the people
    assert Artisan.objects.count() == 12
    assert sorted(set(Artisan.objects.values_list("county", flat=True))) == [
        "delingha",
        "dulan",
        "geermu",
        "tianjun",
        "wulan",
    ]
    inheritor = Artisan.objects.get(heritage_inheritor=True)
    assert (inheritor.code, inheritor.county, inheritor.workshop.name_zh, inheritor.user.username) == (
        "artisan-01",
        "dulan",
        "都兰乌仁塔格奈民族服饰有限责任公司",
        "artisan-01",
    )
    assert all(artisan.agreements.count() == 1 for artisan in Artisan.objects.all())
    staff = User.objects.get(username="staff")
    assert (staff.is_staff, staff.is_superuser, staff.check_password("gongfang-staff")) == (True, True, True)
    # a login for each staff role, in its role's group and nothing more
    assert sorted(
        (user.username, user.is_staff, user.is_superuser, [group.name for group in user.groups.all()])
        for user in User.objects.filter(username__in=["manager", "clerk", "finance"])
    ) == [
        ("clerk", True, False, ["库管员"]),
        ("finance", True, False, ["财务"]),
        ("manager", True, False, ["项目经理"]),
    ]
    assert all(
        User.objects.get(username=name).check_password(f"gongfang-{name}")
        for name in ("manager", "clerk", "finance")
    )
    reviewer = User.objects.get(username="reviewer")
    assert (reviewer.is_staff, reviewer.is_superuser, reviewer.check_password("gongfang-review")) == (
        True,
        False,
        True,
    )
    assert reviewer.has_perm("ledger.approve_payoutrun") and not reviewer.has_perm("ledger.add_payoutrun")
    assert sorted(
        (user.username, user.check_password("gongfang-op"), [c.code for c in user.operator.carts.all()])
        for user in User.objects.filter(username__startswith="op-")
    ) == [("op-chaka", True, ["chaka"]), ("op-dongtai", True, ["dongtai"]), ("op-feicui", True, ["feicui"])]
    assert User.objects.get(username="artisan-01").check_password("gongfang-artisan")

    # the goods
    assert Product.objects.count() == 47
    assert Product.objects.filter(is_one_of_a_kind=True).count() == 7
    prices = Variant.objects.values_list("price_fen", flat=True)
    assert (min(prices), max(prices)) == (3800, 380000)
    assert list(
        Variant.objects.filter(product__slug="mongolian-robe-blue").values_list("sku", "name_zh")
    ) == [
        ("MG01-S", "S 码"),
        ("MG01-M", "M 码"),
        ("MG01-L", "L 码"),
    ]
    assert Image.objects.count() == 47 + 7 + 12
    assert Image.objects.exclude(thumbnails__has_keys=["160", "480"]).count() == 0
    assert all(product.images.exists() for product in Product.objects.all())

    # the stock: every variant was taken in, one-of-a-kind pieces once
    assert set(Movement.objects.filter(kind="intake").values_list("variant", flat=True)) == set(
        Variant.objects.values_list("pk", flat=True)
    )
    assert set(
        Movement.objects.filter(kind="intake", variant__product__is_one_of_a_kind=True).values_list(
            "quantity", flat=True
        )
    ) == {1}
    transfers = {t.destination.code + "/" + t.status for t in Transfer.objects.select_related("destination")}
    assert sorted(transfers) == [
        "chaka/received",
        "dongtai/dispatched",
        "dongtai/received",
        "feicui/received",
    ]
    short = [
        (line.transfer.destination.code, line.discrepancy)
        for line in Transfer.objects.get(idempotency_key="demo-transfer-feicui-1").lines.all()
        if line.discrepancy
    ]
    assert short == [("feicui", -1)]
    count = StockCount.objects.get()
    assert (count.location.code, sum(line.variance for line in count.lines.all())) == ("chaka", -1)
    for level in StockLevel.objects.all():
        moved = Movement.objects.filter(variant=level.variant, location=level.location).aggregate(
            s=Sum("quantity")
        )
        assert level.quantity == moved["s"]
    assert django_settings.LANGUAGE_CODE == "zh-hans"

    # the point of sale: every operator signs in on her tablet with the PIN
    for code in ("chaka", "feicui", "dongtai"):
        operator = operator_authenticate(username=f"op-{code}", pin="1234")
        assert [cart.code for cart in operator.carts.all()] == [code]
    # seven closed shifts a cart over the past weeks, and today's still open at Chaka
    assert sorted(Shift.objects.values_list("cart__code", "status").annotate(n=Count("pk"))) == [
        ("chaka", "closed", 7),
        ("chaka", "open", 1),
        ("dongtai", "closed", 7),
        ("feicui", "closed", 7),
    ]
    sales = PosSale.objects.select_related("order")
    assert sales.count() == Order.objects.filter(channel="cart").count() > 100
    assert {sale.order.location_id for sale in sales} == set(
        Location.objects.filter(kind="cart").values_list("pk", flat=True)
    )
    assert set(sales.values_list("payment_method", flat=True)) == {"cash", "wechat", "alipay", "card"}
    assert sorted(flag for sale in sales for flag in sale.flags) == ["negative_stock", "price_mismatch"]
    assert Order.objects.filter(status="refunded").count() == PosRefund.objects.count() == 2
    reports = [z_report(shift=shift) for shift in Shift.objects.filter(status="closed")]
    assert sorted(report.variance_fen for report in reports if report.variance_fen) == [-2000, 1000]
    # the online shop: staff-set shipping rates and the livestream link credited to the Chaka cart
    assert list(ShippingRegion.objects.order_by("position").values_list("name_zh", "price_fen")) == [
        ("青海省内", 1000),
        ("西北（甘肃、宁夏、陕西、新疆、西藏）", 1500),
        ("全国其他地区", 2200),
    ]
    campaign = Campaign.objects.get()
    assert (campaign.code, campaign.name, campaign.attributed_location.code) == (
        "douyin-chaka",
        "抖音直播 · 茶卡专场",
        "chaka",
    )
    sold = -Movement.objects.filter(kind="sale").aggregate(s=Sum("quantity"))["s"]
    assert sold == OrderLine.objects.aggregate(s=Sum("quantity"))["s"]


def run_demo_refused(*args) -> str:
    with pytest.raises(CommandError) as refused:
        call_command("demo", *args, stdout=StringIO())
    return str(refused.value)


@pytest.mark.django_db
def test_demo_refuses_a_database_that_holds_other_data_and_writes_nothing(fast_passwords):
    # given: a production database (its own staff, a location)
    User.objects.create_user(username="finance", password="a-real-password")
    Location.objects.create(code="store", kind="base", name_zh="库房", name_en="Store")
    before = row_counts()

    message = run_demo_refused()

    assert message == (
        "这个数据库里已有不是演示命令建立的数据（用户 1、库位 1）：演示数据会加入公开的登录账户和 PIN。"
        "确实要这样做，请加 --force。"
    )
    assert row_counts() == before
    assert not User.objects.filter(username="staff").exists()


@pytest.mark.django_db
def test_demo_refuses_production_settings_even_on_an_empty_database(settings):
    settings.DEBUG = settings.INSECURE_DEFAULTS = False

    message = run_demo_refused()

    assert message.startswith("这是生产环境的设置（DEBUG 关闭，也不是演示环境）")
    assert User.objects.count() == 0 and DemoWorld.objects.count() == 0


@pytest.mark.django_db
def test_demo_recognises_the_world_it_built(fast_passwords):
    # a world it marked, or one built before the mark (its staff login with the demo's password)
    assert demo_refusal() is None
    demo_world_mark()
    User.objects.create_user(username="finance")
    assert demo_refusal() is None
    DemoWorld.objects.all().delete()
    assert demo_refusal() is not None
    User.objects.create_user(username="staff", password="gongfang-staff")
    assert demo_refusal() is None
    User.objects.filter(username="staff").update(password="!changed")
    assert demo_refusal() is not None


@pytest.mark.django_db
def test_demo_builds_on_another_database_when_forced(fast_passwords, django_capture_on_commit_callbacks):
    User.objects.create_user(username="finance", password="a-real-password")

    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo", "--force", stdout=StringIO())

    assert DemoWorld.objects.count() == 1
    assert User.objects.get(username="staff").check_password("gongfang-staff")
    assert run_demo()[-1] == "演示数据已存在，没有做任何改动。"
