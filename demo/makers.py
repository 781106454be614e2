"""The demo's makers as data: the workshops and the artisans, with their stories and the terms of
their agreements (demo/builder.py makes them through the artisans' services). Add to the ends of the
lists rather than reorder them: codes and quantities are derived from positions and keys."""

import datetime
from dataclasses import dataclass

from artisans.models import County


@dataclass(frozen=True)
class WorkshopData:
    key: str
    name_zh: str
    name_en: str
    county: str


WORKSHOPS = [
    WorkshopData(
        "wurentagenai",
        "都兰乌仁塔格奈民族服饰有限责任公司",
        "Dulan Wurentagenai Ethnic Costume Co., Ltd.",
        County.DULAN,
    ),
    WorkshopData(
        "tianjun-embroidery",
        "天峻县巾帼藏绣合作社",
        "Tianjun Women's Tibetan Embroidery Cooperative",
        County.TIANJUN,
    ),
    WorkshopData(
        "chaka-handicraft",
        "乌兰县茶卡镇巾帼手工合作社",
        "Chaka Town Women's Handicraft Cooperative",
        County.WULAN,
    ),
]

AGREEMENT_FROM = datetime.date(2026, 1, 1)
STANDARD_TERMS = (7000, 1000, 2000, "")


@dataclass(frozen=True)
class ArtisanData:
    code: str
    name_zh: str
    name_latin: str
    county: str
    workshop: str | None  # WorkshopData.key
    craft_zh: str
    craft_en: str
    story_zh: str
    story_en: str
    robe: tuple[int, int, int]  # the colour of her stand-in portrait
    heritage_inheritor: bool = False
    terms: tuple[int, int, int, str] = STANDARD_TERMS  # artisan, operator, programme (bp), note
    phone: str = ""


ARTISANS = [
    ArtisanData(
        "artisan-01",
        "其木格",
        "Chimeg",
        County.DULAN,
        "wurentagenai",
        "蒙古族服饰",
        "Mongolian costume",
        "都兰县香日德镇人，从外祖母那里学会了蒙古袍的裁剪和盘扣，是州级非物质文化遗产蒙古族服饰代表性传承人。"
        "她带着二十多位姐妹在公司的车间里做袍子。",
        "From Xiangride in Dulan, she learned to cut Mongolian robes and knot their buttons from her "
        "grandmother, and is the prefecture's recognised inheritor of Mongolian costume making. She leads "
        "some twenty women in the company's workshop.",
        (24, 62, 120),
        heritage_inheritor=True,
        terms=(7500, 1000, 1500, "非遗传承人条款"),
        phone="13897000001",
    ),
    ArtisanData(
        "artisan-02",
        "萨仁",
        "Saran",
        County.DULAN,
        "wurentagenai",
        "蒙古族腰带与帽饰",
        "Mongolian sashes and hats",
        "萨仁在巴隆乡放了十年羊，孩子上学后加入公司，专做腰带和礼帽，配色是她的拿手。",
        "Saran herded sheep in Balong for ten years and joined the company when her children started "
        "school. She makes sashes and hats, and is known for her colours.",
        (200, 120, 40),
    ),
    ArtisanData(
        "artisan-03",
        "图雅",
        "Tuya",
        County.DULAN,
        "wurentagenai",
        "蒙古族珠饰",
        "Mongolian beadwork",
        "图雅用珊瑚色和松石色的珠子串头饰与耳坠，一件盛装头饰要穿两个多月。",
        "Tuya strings headdresses and earrings from coral- and turquoise-coloured beads; a festival "
        "headdress takes her more than two months.",
        (190, 40, 45),
    ),
    ArtisanData(
        "artisan-04",
        "卓玛",
        "Drolma",
        County.TIANJUN,
        "tianjun-embroidery",
        "藏族服饰",
        "Tibetan robes",
        "卓玛在天峻县城开过裁缝铺，如今在合作社里缝制藏袍，羔皮镶边是她从母亲那里学来的。",
        "Drolma once ran a tailor's shop in Tianjun town and now sews Tibetan robes at the cooperative; "
        "the lambskin trims are her mother's craft.",
        (120, 28, 32),
    ),
    ArtisanData(
        "artisan-05",
        "拉毛措",
        "Lhamo Tso",
        County.TIANJUN,
        "tianjun-embroidery",
        "藏绣与邦典",
        "Tibetan embroidery and aprons",
        "拉毛措是合作社的带头人，织邦典、绣八吉祥，也教年轻姑娘们配色。",
        "Lhamo Tso leads the cooperative: she weaves striped aprons, embroiders the eight auspicious "
        "symbols and teaches the young women colour.",
        (30, 110, 90),
    ),
    ArtisanData(
        "artisan-06",
        "才让卓玛",
        "Tsering Drolma",
        County.TIANJUN,
        None,
        "唐卡",
        "Thangka painting",
        "才让卓玛在热贡学过五年唐卡，回到天峻后一边放牧一边作画，小幅印画让更多游客能带走一份祝福。",
        "Tsering Drolma studied thangka painting in Rebkong for five years. Back in Tianjun she paints "
        "between herding; her small prints let more visitors take a blessing home.",
        (150, 40, 30),
        terms=(6500, 1000, 2500, "印画制作费由项目基金承担"),
    ),
    ArtisanData(
        "artisan-07",
        "李秀兰",
        "Li Xiulan",
        County.WULAN,
        "chaka-handicraft",
        "刺绣",
        "Embroidery",
        "李秀兰在茶卡镇长大，母亲教她绣牡丹和莲花。她的零钱包是茶卡零售车上卖得最快的小物件。",
        "Li Xiulan grew up in Chaka town, where her mother taught her to embroider peonies and lotuses. "
        "Her coin purses sell fastest on the Chaka cart.",
        (200, 50, 80),
    ),
    ArtisanData(
        "artisan-08",
        "马玉梅",
        "Ma Yumei",
        County.WULAN,
        "chaka-handicraft",
        "盐雕",
        "Salt carving",
        "马玉梅的丈夫在盐湖采盐，她用湖边的结晶盐雕骆驼、奔马和小夜灯。盐雕怕潮，她会教游客怎么收藏。",
        "Ma Yumei's husband works the salt beds; she carves the lake's crystal salt into camels, horses "
        "and little lamps, and tells visitors how to keep them dry.",
        (150, 190, 215),
        terms=(6000, 1500, 2500, "盐雕易碎，运营员佣金较高"),
    ),
    ArtisanData(
        "artisan-09",
        "娜仁",
        "Naran",
        County.WULAN,
        None,
        "毛毡",
        "Felt work",
        "娜仁用自家羊毛擀毡，做牦牛、小羊和蒙古包挂件，孩子们最喜欢。",
        "Naran felts wool from her own flock into yaks, lambs and little yurts that children love.",
        (170, 110, 70),
    ),
    ArtisanData(
        "artisan-10",
        "王桂英",
        "Wang Guiying",
        County.GEERMU,
        None,
        "皮具",
        "Leatherwork",
        "王桂英在格尔木做了二十年鞋匠，退休后手缝牛皮钱袋和火镰袋，一针一线都用蜡线。",
        "Wang Guiying was a shoemaker in Golmud for twenty years; now she hand-stitches leather pouches "
        "and flint bags with waxed thread.",
        (110, 70, 40),
    ),
    ArtisanData(
        "artisan-11",
        "央金",
        "Yangchen",
        County.GEERMU,
        None,
        "串珠饰品",
        "Beadwork",
        "央金在格尔木郊区的唐古拉山镇长大，她的项链和手链用的是传统的藏式配色。",
        "Yangchen grew up in Tanggula township outside Golmud; her necklaces and bracelets keep the "
        "traditional Tibetan colours.",
        (60, 170, 200),
    ),
    ArtisanData(
        "artisan-12",
        "张海燕",
        "Zhang Haiyan",
        County.DELINGHA,
        None,
        "刺绣",
        "Embroidery",
        "张海燕住在德令哈，离工坊总库不远。她的抱枕套上绣的是草原花卉和青海湖。",
        "Zhang Haiyan lives in Delingha, near the workshop's store room. Her pillow covers show "
        "grassland flowers and Qinghai Lake.",
        (40, 120, 70),
    ),
]
