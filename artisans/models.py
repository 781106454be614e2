from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.i18n import current_language_suffix, localized
from core.money import BASIS_POINTS_WHOLE


class County(models.TextChoices):
    DULAN = "dulan", _("都兰县")
    WULAN = "wulan", _("乌兰县")
    GEERMU = "geermu", _("格尔木市")
    DELINGHA = "delingha", _("德令哈市")
    TIANJUN = "tianjun", _("天峻县")
    DACHAIDAN = "dachaidan", _("大柴旦行委")
    MANGYA = "mangya", _("茫崖市")


class Workshop(models.Model):
    """A cooperative or company some artisans belong to."""

    name_zh = models.CharField(_("名称（中文）"), max_length=200, unique=True)
    name_en = models.CharField(_("名称（英文）"), max_length=200, blank=True)
    county = models.CharField(_("所在县市"), max_length=20, choices=County.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("工坊/合作社")
        verbose_name_plural = _("工坊/合作社")
        ordering = ["name_zh"]

    def __str__(self):
        return self.name_zh

    @property
    def name(self):
        return localized(self, "name")


class Artisan(models.Model):
    """A woman who makes pieces and consigns them to the programme."""

    code = models.SlugField(_("编号"), max_length=40, unique=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登录账户"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="artisan",
    )
    name_zh = models.CharField(_("姓名（中文）"), max_length=100)
    name_latin = models.CharField(_("姓名（拉丁字母）"), max_length=100)
    workshop = models.ForeignKey(
        Workshop,
        verbose_name=_("所属工坊"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="artisans",
    )
    county = models.CharField(_("所在县市"), max_length=20, choices=County.choices)
    craft_zh = models.CharField(_("手艺（中文）"), max_length=100, blank=True)
    craft_en = models.CharField(_("手艺（英文）"), max_length=100, blank=True)
    story_zh = models.TextField(_("故事（中文）"), blank=True)
    story_en = models.TextField(_("故事（英文）"), blank=True)
    photo = models.ForeignKey(
        "media.Image",
        verbose_name=_("照片"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    phone = models.CharField(_("手机号"), max_length=20, blank=True)
    pin_hash = models.CharField(_("PIN 摘要"), max_length=128, blank=True, editable=False)
    heritage_inheritor = models.BooleanField(_("非遗传承人"), default=False)
    is_active = models.BooleanField(_("在册"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("手工艺人")
        verbose_name_plural = _("手工艺人")
        ordering = ["code"]
        # Trigram indexes for the storefront's search on PostgreSQL (docs/search.md)
        indexes = [
            GinIndex(fields=["name_zh"], name="artisan_name_zh_trgm", opclasses=["gin_trgm_ops"]),
            GinIndex(fields=["name_latin"], name="artisan_name_latin_trgm", opclasses=["gin_trgm_ops"]),
        ]

    def __str__(self):
        return f"{self.name_zh} ({self.name_latin})"

    @property
    def name(self):
        return self.name_latin if current_language_suffix() == "en" else self.name_zh

    @property
    def story(self):
        return localized(self, "story")

    @property
    def craft(self):
        return localized(self, "craft")


class Agreement(models.Model):
    """An artisan's consignment terms from valid_from on: how each paid amount is split."""

    artisan = models.ForeignKey(
        Artisan, verbose_name=_("手工艺人"), on_delete=models.PROTECT, related_name="agreements"
    )
    valid_from = models.DateField(_("生效日期"))
    artisan_bp = models.PositiveIntegerField(_("手工艺人份额（基点）"))
    operator_bp = models.PositiveIntegerField(_("运营员佣金（基点）"))
    programme_bp = models.PositiveIntegerField(_("项目基金（基点）"))
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("寄售协议")
        verbose_name_plural = _("寄售协议")
        ordering = ["artisan", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(artisan_bp__gte=0)
                & Q(operator_bp__gte=0)
                & Q(programme_bp__gte=0)
                & Q(artisan_bp=BASIS_POINTS_WHOLE - F("operator_bp") - F("programme_bp")),
                name="agreement_shares_sum_to_whole",
                violation_error_message=_("三方份额之和必须为 10000 基点（全部金额）。"),
            ),
            models.UniqueConstraint(
                fields=["artisan", "valid_from"], name="agreement_one_per_artisan_and_day"
            ),
        ]

    def __str__(self):
        return f"{self.artisan} {self.valid_from}: {self.artisan_bp}/{self.operator_bp}/{self.programme_bp}"

    @property
    def weights_bp(self) -> tuple[int, int, int]:
        return (self.artisan_bp, self.operator_bp, self.programme_bp)


class ArtisanLoginLink(models.Model):
    """A one-time login link staff show an artisan as a QR code; only the token's hash is stored."""

    artisan = models.ForeignKey(
        Artisan, verbose_name=_("手工艺人"), on_delete=models.CASCADE, related_name="login_links"
    )
    token_hash = models.CharField(_("令牌摘要"), max_length=64, unique=True)
    expires_at = models.DateTimeField(_("过期时间"))
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("一次性登录链接")
        verbose_name_plural = _("一次性登录链接")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.artisan} {self.expires_at:%Y-%m-%d %H:%M}"
