"""The demo world as data: places, accounts and categories (the makers are in demo/makers.py, the
products in demo/catalogue.py).

Everything here is fixed; demo/builder.py turns it into rows through the services. Add to the ends of
the lists rather than reorder them: codes, SKUs and quantities are derived from positions and keys.
"""

from dataclasses import dataclass

BASE = {
    "code": "base",
    "name_zh": "工坊总库",
    "name_en": "Workshop store room",
    "address_zh": "青海省海西州德令哈市",
}


@dataclass(frozen=True)
class SiteCart:
    code: str  # the site's, the cart's and the cart location's code
    site_zh: str
    site_en: str
    county_zh: str
    description_zh: str
    description_en: str
    hours: tuple[str, str] = ("09:00", "18:00")
    open_weekdays: str = "1234567"
    directions_zh: str = ""
    directions_en: str = ""


SITES = [
    SiteCart(
        "chaka",
        "茶卡盐湖",
        "Chaka Salt Lake",
        "乌兰县",
        "“天空之镜”，海西最热闹的景区，夏季每天迎来上万名游客。",
        "The “mirror of the sky”, Haixi's busiest scenic area, with ten thousand visitors a day in summer.",
        ("08:30", "19:00"),
        "1234567",
        "景区游客中心出口左手边，红色“妇”字招牌下。",
        "Left of the visitor centre's exit, under the red “妇” sign.",
    ),
    SiteCart(
        "feicui",
        "翡翠湖",
        "Emerald Lake",
        "大柴旦行委",
        "大柴旦的盐湖，湖水因矿物呈现深浅不一的翠绿色。",
        "A salt lake near Da Qaidam whose minerals colour the water every shade of green.",
        ("09:30", "18:00"),
        "234567",
        "观景栈道入口停车场旁，周一不出摊。",
        "By the car park at the boardwalk's entrance; not there on Mondays.",
    ),
    SiteCart(
        "dongtai",
        "东台吉乃尔湖",
        "Dongtaijinaier Lake",
        "格尔木市",
        "格尔木以北的蓝色盐湖，沿途是柴达木的雅丹与戈壁。",
        "A blue salt lake north of Golmud, reached through the Qaidam's yardangs and gobi.",
        ("10:00", "17:30"),
        "1234567",
        "湖边第二观景台，售票处对面。",
        "At the second viewing platform by the lake, across from the ticket office.",
    ),
]


def cart_names(site: SiteCart) -> tuple[str, str]:
    return f"{site.site_zh}零售车", f"{site.site_en} cart"


STAFF = {"username": "staff", "password": "gongfang-staff", "display_name": "项目办管理员"}  # a superuser
# The programme's staff roles (api/roles.py), one login each: username, password, name, role's group.
STAFF_ROLES = [
    ("manager", "gongfang-manager", "卓玛（项目经理）", "项目经理"),
    ("clerk", "gongfang-clerk", "阿娜尔（库管员）", "库管员"),
    ("finance", "gongfang-finance", "王芳（财务）", "财务"),
]
# The second staff member who approves payout runs that staff started (ledger.approve_payoutrun).
REVIEWER = {"username": "reviewer", "password": "gongfang-review", "display_name": "财务复核员"}
REVIEWER_PERMISSIONS = ("ledger.approve_payoutrun", "ledger.view_payoutrun", "ledger.view_payout")
OPERATOR_PASSWORD = "gongfang-op"
# Every operator signs in on her cart's tablet with this PIN.
OPERATOR_PIN = "1234"
# username -> (display name, cart code)
OPERATORS = [
    ("op-chaka", "韩梅", "chaka"),
    ("op-feicui", "旦正卓玛", "feicui"),
    ("op-dongtai", "乌云", "dongtai"),
]
ARTISAN_USER = {"username": "artisan-01", "password": "gongfang-artisan", "artisan": "artisan-01"}


@dataclass(frozen=True)
class CategoryData:
    slug: str
    name_zh: str
    name_en: str
    sku_prefix: str
    description_zh: str
    description_en: str


CATEGORIES = [
    CategoryData(
        "mongolian-costume",
        "蒙古族服饰",
        "Mongolian costume",
        "MG",
        "蒙古袍、坎肩、腰带与帽饰。",
        "Robes, vests, sashes and hats.",
    ),
    CategoryData(
        "tibetan-costume",
        "藏族服饰",
        "Tibetan costume",
        "ZY",
        "藏袍、衬衣、邦典与腰带。",
        "Robes, blouses, aprons and sashes.",
    ),
    CategoryData(
        "embroidery",
        "刺绣",
        "Embroidery",
        "CX",
        "手绣零钱包、抱枕套与挂片。",
        "Hand-embroidered purses, pillow covers and panels.",
    ),
    CategoryData(
        "felt", "毛毡", "Felt", "MZ", "用海西的羊毛擀制的毛毡小物。", "Small things felted from Haixi wool."
    ),
    CategoryData(
        "leather",
        "皮具",
        "Leather goods",
        "PJ",
        "手缝牛皮钱袋、卡包与挎包。",
        "Hand-stitched leather pouches, card holders and bags.",
    ),
    CategoryData(
        "beadwork",
        "串珠饰品",
        "Beadwork",
        "CZ",
        "项链、手链、耳坠与头饰。",
        "Necklaces, bracelets, earrings and headdresses.",
    ),
    CategoryData(
        "salt-carving",
        "盐雕",
        "Salt carving",
        "YD",
        "用盐湖结晶盐雕刻的摆件，请防潮保存。",
        "Carvings in lake salt; keep them dry.",
    ),
    CategoryData(
        "thangka",
        "唐卡",
        "Thangka",
        "TK",
        "小幅唐卡印画与手绘小唐卡。",
        "Small thangka prints and hand-painted miniatures.",
    ),
]

# Stock plan. Quantities come from a Random seeded per SKU, so a half-built world completes with the
# same numbers it would have had.
STOCK_SEED = "gongfang-demo"
INTAKE_MIN, INTAKE_MAX = 3, 12


@dataclass(frozen=True)
class TransferPlan:
    key: str  # idempotency key suffix
    destination: str  # cart code
    carts_share: int  # which slice of the variants it carries (see builder.transfer_lines)
    receive: bool
    note: str = ""
    # sku index in the transfer -> (pieces missing on arrival, the note)
    shortfall: tuple[int, int, str] | None = None


TRANSFERS = [
    TransferPlan("chaka-1", "chaka", 0, receive=True, note="旺季首批铺货"),
    TransferPlan(
        "feicui-1",
        "feicui",
        1,
        receive=True,
        note="旺季首批铺货",
        shortfall=(0, 1, "运输途中颠簸，一件破损，已退回总库处理"),
    ),
    TransferPlan("dongtai-1", "dongtai", 2, receive=True, note="旺季首批铺货"),
    TransferPlan("dongtai-2", "dongtai", 3, receive=False, note="补货：路况不好，预计后天送到"),
]
# The count at a cart: the SKU at this position among its stock is found one short.
COUNT = {"key": "chaka-1", "cart": "chaka", "short_index": 2, "note": "月末盘点"}

# The demo artisan (artisan-01) signs in to /me/ with her phone number and this PIN.
ARTISAN_PORTAL_PIN = "246810"
