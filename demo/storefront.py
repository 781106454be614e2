"""The demo's online shop: shipping regions at staff-set flat rates, and a campaign link credited to
the Chaka cart (a livestream its operator runs). There are no services for these staff settings yet:
they are plain rows that staff edit in the admin, created here once by code."""

from inventory.models import Location
from orders.models import Campaign, ShippingRegion

# code, name_zh, name_en, rate in yuan
SHIPPING_REGIONS = [
    ("qinghai", "青海省内", "Within Qinghai", 10),
    ("northwest", "西北（甘肃、宁夏、陕西、新疆、西藏）", "North-west China", 15),
    ("other", "全国其他地区", "Rest of mainland China", 22),
]
CAMPAIGN = {"code": "douyin-chaka", "name": "抖音直播 · 茶卡专场", "cart": "chaka"}


def build_shop() -> tuple[int, int]:
    made = 0
    existing = set(ShippingRegion.objects.values_list("code", flat=True))
    for position, (code, name_zh, name_en, yuan) in enumerate(SHIPPING_REGIONS):
        if code not in existing:
            ShippingRegion.objects.create(
                code=code, name_zh=name_zh, name_en=name_en, price_fen=yuan * 100, position=position * 10
            )
            made += 1
    if not Campaign.objects.filter(code=CAMPAIGN["code"]).exists():
        Campaign.objects.create(
            code=CAMPAIGN["code"],
            name=CAMPAIGN["name"],
            attributed_location=Location.objects.get(code=CAMPAIGN["cart"]),
        )
        made += 1
    return len(SHIPPING_REGIONS) + 1, made
