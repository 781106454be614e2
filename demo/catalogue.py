"""The demo world's products. SKUs are the category's prefix and the product's number within its
category (MG01-M, CX03-RED); append new products at the end of their category so numbers stay."""

from dataclasses import dataclass

SIZES = (("S", "S 码", "Size S"), ("M", "M 码", "Size M"), ("L", "L 码", "Size L"))
COLOURS = {
    "red": ("RED", "红色", "Red"),
    "blue": ("BLU", "蓝色", "Blue"),
    "green": ("GRN", "绿色", "Green"),
    "orange": ("ORG", "橙色", "Orange"),
    "yellow": ("YEL", "黄色", "Yellow"),
    "black": ("BLK", "黑色", "Black"),
    "white": ("WHT", "白色", "White"),
    "pink": ("PNK", "粉色", "Pink"),
    "gold": ("GLD", "金色", "Gold"),
    "cream": ("CRM", "米色", "Cream"),
    "brown": ("BRN", "棕色", "Brown"),
    "natural": ("NAT", "原色", "Natural"),
}


@dataclass(frozen=True)
class ProductData:
    slug: str
    category: str
    artisan: str
    name_zh: str
    name_en: str
    price_yuan: int
    description_zh: str
    description_en: str
    options: str | tuple[str, ...] = ()  # "sizes", a tuple of COLOURS keys, or () for a single variant
    one_of_a_kind: bool = False


def _p(
    slug,
    category,
    artisan,
    name_zh,
    name_en,
    price_yuan,
    description_zh,
    description_en,
    options=(),
    one_of_a_kind=False,
):
    return ProductData(
        slug,
        category,
        artisan,
        name_zh,
        name_en,
        price_yuan,
        description_zh,
        description_en,
        options,
        one_of_a_kind,
    )


MG, ZY, CX, MZ, PJ, CZ, YD, TK = (
    "mongolian-costume",
    "tibetan-costume",
    "embroidery",
    "felt",
    "leather",
    "beadwork",
    "salt-carving",
    "thangka",
)

# The table is kept one product to a few lines, as data reads best.
# fmt: off
PRODUCTS = [
    # 蒙古族服饰
    _p("mongolian-robe-blue", MG, "artisan-01", "蓝缎蒙古袍", "Blue satin Mongolian robe", 1680,
       "宝蓝色织锦缎，高领右衽，手工盘扣。", "Royal-blue brocade, high collar, hand-knotted buttons.",
       "sizes"),
    _p("mongolian-robe-red", MG, "artisan-01", "红缎绣边蒙古袍", "Red satin robe with embroidered trim",
       1880, "喜庆的红缎面，袖口与下摆绣云纹。", "Festive red satin with cloud patterns on cuffs and hem.",
       "sizes"),
    _p("mongolian-robe-heritage", MG, "artisan-01", "非遗盘扣蒙古袍", "Heritage Mongolian robe", 3800,
       "传承人亲手裁剪，二十四对手工盘扣。",
       "Cut by the inheritor herself, with twenty-four knotted buttons.", one_of_a_kind=True),
    _p("mongolian-vest", MG, "artisan-01", "蒙古族坎肩", "Mongolian vest", 680,
       "可以套在衬衣外穿的短坎肩，镶彩色滚边。", "A short vest with coloured piping, worn over a shirt.",
       "sizes"),
    _p("mongolian-sash-silk", MG, "artisan-02", "丝绸蒙古腰带", "Silk Mongolian sash", 238,
       "四米长的丝绸腰带，系法由运营员现场教。",
       "A four-metre silk sash; the operator shows how to tie it.", ("blue", "orange", "green")),
    _p("mongolian-sash-child", MG, "artisan-02", "儿童蒙古腰带", "Children's Mongolian sash", 128,
       "孩子也能系的短腰带。", "A shorter sash for children.", ("red", "yellow")),
    _p("mongolian-hat", MG, "artisan-02", "蒙古族礼帽", "Mongolian hat", 368, "毡胎礼帽，帽檐缀彩穗。",
       "A felt-bodied hat with coloured tassels.", "sizes"),
    # 藏族服饰
    _p("tibetan-robe-summer", ZY, "artisan-04", "夏季藏袍", "Summer Tibetan robe", 1280,
       "轻薄的氆氇面料，适合夏天穿着拍照。", "Light pulu wool, comfortable for summer photos.", "sizes"),
    _p("tibetan-robe-lambskin", ZY, "artisan-04", "羔皮镶边藏袍", "Lambskin-trimmed Tibetan robe", 2880,
       "领口与袖口镶羔皮，冬季保暖。", "Lambskin at the collar and cuffs, warm in winter.", "sizes"),
    _p("tibetan-robe-festival", ZY, "artisan-04", "节日盛装藏袍", "Festival Tibetan robe", 3600,
       "水獭皮纹镶边、织锦面料的盛装藏袍。", "A festival robe of brocade with otter-pattern trim.",
       one_of_a_kind=True),
    _p("tibetan-sash", ZY, "artisan-05", "藏式彩条腰带", "Tibetan striped sash", 168,
       "手织彩条，可配藏袍或当围巾。", "Hand-woven stripes, for a robe or as a scarf.", ("red", "blue")),
    _p("tibetan-apron", ZY, "artisan-05", "邦典围裙", "Pangden apron", 380,
       "藏族已婚妇女的彩条围裙，手工织成。", "The striped apron of married Tibetan women, hand-woven."),
    _p("tibetan-blouse", ZY, "artisan-05", "藏式衬衣", "Tibetan blouse", 298, "高领长袖衬衣，配藏袍穿。",
       "A high-collared blouse to wear under a robe.", "sizes"),
    # 刺绣
    _p("embroidered-purse-peony", CX, "artisan-07", "牡丹刺绣零钱包", "Peony embroidered coin purse", 68,
       "手掌大小的拉链零钱包。", "A palm-sized zipped purse.", ("red", "black", "blue")),
    _p("embroidered-purse-lotus", CX, "artisan-07", "莲花刺绣手包", "Lotus embroidered clutch", 128,
       "双面绣莲花的小手包。", "A small clutch with lotuses on both sides.", ("pink", "green")),
    _p("embroidered-phone-bag", CX, "artisan-07", "刺绣手机袋", "Embroidered phone pouch", 88,
       "可斜挎的手机袋，绣缠枝花。", "A cross-body phone pouch with scrolling flowers.", ("red", "blue")),
    _p("embroidered-pillow-auspicious", CX, "artisan-12", "吉祥结刺绣抱枕套", "Endless-knot pillow cover",
       158, "45 厘米见方，绣吉祥结。", "45 cm square, with the endless knot.", ("red", "gold")),
    _p("embroidered-pillow-grassland", CX, "artisan-12", "草原花卉抱枕套", "Grassland flowers pillow cover",
       188, "绣金露梅与格桑花。", "Shrubby cinquefoil and galsang flowers.", ("green", "cream")),
    _p("embroidered-pillow-qinghai", CX, "artisan-12", "青海湖刺绣抱枕套", "Qinghai Lake pillow cover", 228,
       "湖水、油菜花与雪山。", "The lake, rapeseed fields and snow mountains."),
    _p("embroidered-bookmark", CX, "artisan-12", "刺绣书签", "Embroidered bookmark", 38,
       "带流苏的小书签，送人合适。", "A small tasselled bookmark, a good gift.", ("red", "blue", "green")),
    _p("tibetan-embroidered-panel", CX, "artisan-05", "八吉祥藏绣挂片", "Eight auspicious symbols panel",
       1280, "八吉祥纹样，绣了整整一个冬天。", "The eight auspicious symbols, a whole winter's work.",
       one_of_a_kind=True),
    # 毛毡
    _p("felt-yak", MZ, "artisan-09", "毛毡牦牛", "Felt yak", 58, "黑色长毛的小牦牛。",
       "A shaggy black yak."),
    _p("felt-lamb", MZ, "artisan-09", "毛毡小羊", "Felt lamb", 48, "圆滚滚的小羊。", "A round little lamb.",
       ("white", "black")),
    _p("felt-camel", MZ, "artisan-09", "毛毡骆驼", "Felt camel", 68, "柴达木的双峰驼。",
       "A Bactrian camel of the Qaidam."),
    _p("felt-yurt", MZ, "artisan-09", "毛毡蒙古包挂件", "Felt yurt ornament", 38, "可挂在包上的蒙古包。",
       "A yurt to hang from a bag."),
    _p("felt-slippers", MZ, "artisan-09", "毛毡拖鞋", "Felt slippers", 168, "厚毡底，冬天暖脚。",
       "Thick felt soles for winter.", "sizes"),
    _p("felt-coasters", MZ, "artisan-09", "毛毡杯垫（四片装）", "Felt coasters, set of four", 58,
       "四种颜色的圆杯垫。", "Four round coasters in four colours."),
    # 皮具
    _p("leather-coin-pouch", PJ, "artisan-10", "手缝牛皮小钱袋", "Hand-stitched leather coin pouch", 128,
       "植鞣牛皮，蜡线手缝。", "Vegetable-tanned leather, stitched with waxed thread.", ("brown", "black")),
    _p("leather-tooled-bag", PJ, "artisan-10", "压花牛皮挎包", "Tooled leather shoulder bag", 268,
       "压印卷草纹的小挎包。", "A small shoulder bag tooled with scrolls.", ("brown", "natural")),
    _p("leather-card-holder", PJ, "artisan-10", "牛皮卡包", "Leather card holder", 98, "放得下六张卡。",
       "Holds six cards."),
    _p("leather-flint-pouch", PJ, "artisan-10", "火镰袋", "Flint pouch", 238, "仿牧民传统火镰袋的腰挂。",
       "A belt pouch after the herders' flint bags."),
    _p("leather-saddle-bag", PJ, "artisan-10", "牛皮马鞍袋", "Leather saddle bag", 1180,
       "整张牛皮裁成的马鞍袋。", "A saddle bag cut from a single hide.", one_of_a_kind=True),
    # 串珠饰品
    _p("beaded-necklace-coral", CZ, "artisan-11", "珊瑚色串珠项链", "Coral-coloured bead necklace", 198,
       "珊瑚色与银色隔珠。", "Coral-coloured beads with silver spacers."),
    _p("beaded-necklace-turquoise", CZ, "artisan-11", "松石色多层项链", "Layered turquoise-colour necklace",
       380, "三层松石色珠串。", "Three strands of turquoise-coloured beads."),
    _p("beaded-bracelet", CZ, "artisan-11", "藏式串珠手链", "Tibetan bead bracelet", 98,
       "弹力绳串成，大小通用。", "Strung on elastic, one size fits all.", ("red", "green", "blue")),
    _p("beaded-headdress", CZ, "artisan-03", "蒙古族珠饰头饰", "Mongolian beaded headdress", 2800,
       "盛装头饰，穿了两个多月。", "A festival headdress, more than two months' work.", one_of_a_kind=True),
    _p("beaded-earrings", CZ, "artisan-03", "串珠耳坠", "Beaded earrings", 78, "轻巧的串珠耳坠。",
       "Light beaded drop earrings.", ("red", "blue")),
    _p("beaded-necklace-silver", CZ, "artisan-03", "银饰串珠项链", "Silver-accent bead necklace", 580,
       "银饰与珊瑚色珠子相间。", "Silver pieces between coral-coloured beads."),
    # 盐雕
    _p("salt-camel", YD, "artisan-08", "盐雕骆驼", "Salt-carved camel", 128, "巴掌大的骆驼。",
       "A camel the size of a palm."),
    _p("salt-night-lamp", YD, "artisan-08", "盐晶小夜灯", "Salt-crystal night lamp", 168,
       "暖光透过盐晶，附 USB 灯座。", "Warm light through salt crystal, on a USB base."),
    _p("salt-sky-mirror", YD, "artisan-08", "天空之镜盐雕摆件", "Sky-mirror salt sculpture", 380,
       "盐湖倒影中的游人剪影。", "Visitors mirrored on the salt lake."),
    _p("salt-galloping-horse", YD, "artisan-08", "盐雕奔马", "Galloping horse in salt", 680,
       "整块结晶盐雕成的奔马。", "A galloping horse carved from one block of crystal salt.",
       one_of_a_kind=True),
    _p("salt-keyring", YD, "artisan-08", "盐晶钥匙扣", "Salt-crystal keyring", 38, "树脂封存的盐晶。",
       "Salt crystal sealed in resin."),
    # 唐卡
    _p("thangka-print-green-tara", TK, "artisan-06", "绿度母唐卡小幅印画", "Green Tara thangka print", 128,
       "A5 大小，手工装裱。", "A5, hand-mounted."),
    _p("thangka-print-mandala", TK, "artisan-06", "坛城唐卡小幅印画", "Mandala thangka print", 168,
       "A4 大小，手工装裱。", "A4, hand-mounted."),
    _p("thangka-print-wheel", TK, "artisan-06", "六道轮回唐卡印画", "Wheel of life thangka print", 268,
       "A3 大小，附释义卡片。", "A3, with a card explaining it."),
    _p("thangka-white-tara", TK, "artisan-06", "手绘小唐卡·白度母", "Hand-painted mini thangka, White Tara",
       3800, "矿物颜料手绘，画了三个月。", "Painted in mineral pigments over three months.",
       one_of_a_kind=True),
]
# fmt: on
