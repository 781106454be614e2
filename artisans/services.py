"""Writes for workshops, artisans and their consignment agreements.

Every rule is checked here first and reported as ValidationFailed with the API's field name; the
database constraints on the models stay as the backstop.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.services import user_sign_ins_revoke
from artisans.models import Agreement, Artisan, County, Workshop
from core.errors import ValidationFailed
from core.money import BASIS_POINTS_WHOLE
from core.validation import camel_case, full_clean_or_raise

# What artisan_update may change: the arguments of artisan_create (the agreement has its own service)
# and is_active, so an artisan who leaves the programme can be taken off the books.
ARTISAN_FIELDS = frozenset(
    {
        "code",
        "name_zh",
        "name_latin",
        "county",
        "workshop",
        "craft_zh",
        "craft_en",
        "story_zh",
        "story_en",
        "phone",
        "photo",
        "heritage_inheritor",
        "user",
        "is_active",
    }
)
_TEXT_FIELDS = frozenset({"code", "name_zh", "name_latin", "craft_zh", "craft_en", "story_zh", "story_en"})


@dataclass(frozen=True)
class AgreementTerms:
    """The split terms of an agreement, for creating an artisan and her first agreement together."""

    valid_from: datetime.date
    artisan_bp: int
    operator_bp: int
    programme_bp: int


@transaction.atomic
def workshop_create(*, name_zh: str, county: str, name_en: str = "") -> Workshop:
    name_zh = name_zh.strip()
    if not name_zh:
        raise ValidationFailed(_("请填写工坊名称。"), field="nameZh")
    _check_county(county)
    if Workshop.objects.filter(name_zh=name_zh).exists():
        raise ValidationFailed(
            _("已有名为“%(name)s”的工坊。") % {"name": name_zh}, field="nameZh", code="DUPLICATE"
        )
    workshop = Workshop(name_zh=name_zh, name_en=name_en.strip(), county=county)
    full_clean_or_raise(workshop)
    workshop.save()
    return workshop


@transaction.atomic
def artisan_create(
    *,
    code: str,
    name_zh: str,
    name_latin: str,
    county: str,
    workshop: Workshop | None = None,
    craft_zh: str = "",
    craft_en: str = "",
    story_zh: str = "",
    story_en: str = "",
    phone: str = "",
    photo=None,
    heritage_inheritor: bool = False,
    user=None,
    agreement: AgreementTerms | None = None,
) -> Artisan:
    """Create an artisan and, when terms are given, her first agreement in the same transaction."""
    fields = {
        "code": code,
        "name_zh": name_zh,
        "name_latin": name_latin,
        "county": county,
        "workshop": workshop,
        "craft_zh": craft_zh,
        "craft_en": craft_en,
        "story_zh": story_zh,
        "story_en": story_en,
        "phone": phone,
        "photo": photo,
        "heritage_inheritor": heritage_inheritor,
        "user": user,
    }
    artisan = Artisan()
    _apply_artisan_fields(artisan, fields)
    artisan.save()
    if agreement is not None:
        agreement_create(
            artisan=artisan,
            valid_from=agreement.valid_from,
            artisan_bp=agreement.artisan_bp,
            operator_bp=agreement.operator_bp,
            programme_bp=agreement.programme_bp,
        )
    return artisan


@transaction.atomic
def artisan_update(*, artisan: Artisan, **fields) -> Artisan:
    """Change some of an artisan's fields; a name outside ARTISAN_FIELDS is refused, nothing changes."""
    unknown = sorted(set(fields) - ARTISAN_FIELDS)
    if unknown:
        raise ValidationFailed(
            _("不能修改这些字段：%(fields)s。") % {"fields": ", ".join(unknown)}, field=camel_case(unknown[0])
        )
    if not fields:
        return artisan
    locked = Artisan.objects.select_for_update().get(pk=artisan.pk)
    was_active, previous_user = locked.is_active, locked.user
    _apply_artisan_fields(locked, fields)
    locked.save(update_fields=[*fields, "updated_at"])
    # Taken off the books, or her login account changed: the old account's tokens and sessions end.
    if previous_user is not None and (
        (was_active and not locked.is_active) or locked.user_id != previous_user.pk
    ):
        user_sign_ins_revoke(user=previous_user)
    for name in (*fields, "updated_at"):
        setattr(artisan, name, getattr(locked, name))
    return artisan


@transaction.atomic
def agreement_create(
    *,
    artisan: Artisan,
    valid_from: datetime.date,
    artisan_bp: int,
    operator_bp: int,
    programme_bp: int,
    note: str = "",
) -> Agreement:
    """Terms from valid_from on. Earlier agreements stay: a sale is split by the one in force that day."""
    if not isinstance(valid_from, datetime.date) or isinstance(valid_from, datetime.datetime):
        raise ValidationFailed(_("请填写生效日期。"), field="validFrom")
    shares = (artisan_bp, operator_bp, programme_bp)
    if any(not isinstance(share, int) or isinstance(share, bool) or share < 0 for share in shares):
        raise ValidationFailed(_("三方份额必须是不小于 0 的整数（基点）。"), field="shares")
    if sum(shares) != BASIS_POINTS_WHOLE:
        raise ValidationFailed(
            _("三方份额之和必须为 10000 基点（100%%），现在是 %(total)s。") % {"total": sum(shares)},
            field="shares",
        )
    if Agreement.objects.filter(artisan=artisan, valid_from=valid_from).exists():
        raise ValidationFailed(
            _("%(date)s 已有一份生效的协议。") % {"date": valid_from.isoformat()},
            field="validFrom",
            code="DUPLICATE",
        )
    agreement = Agreement(
        artisan=artisan,
        valid_from=valid_from,
        artisan_bp=artisan_bp,
        operator_bp=operator_bp,
        programme_bp=programme_bp,
        note=note.strip(),
    )
    full_clean_or_raise(agreement)
    agreement.save()
    return agreement


def _apply_artisan_fields(artisan: Artisan, fields: dict) -> None:
    """Check and set fields on an (unsaved or locked) artisan; raise ValidationFailed on the first fault."""
    for name, value in fields.items():
        if name in _TEXT_FIELDS or name == "phone":
            value = (value or "").strip()
        setattr(artisan, name, value)
    if "code" in fields:
        try:
            validate_slug(artisan.code)
        except DjangoValidationError as error:
            raise ValidationFailed(_("编号只能包含英文字母、数字、连字符和下划线。"), field="code") from error
        if Artisan.objects.filter(code=artisan.code).exclude(pk=artisan.pk).exists():
            raise ValidationFailed(
                _("编号“%(code)s”已被使用。") % {"code": artisan.code}, field="code", code="DUPLICATE"
            )
    if "county" in fields:
        _check_county(artisan.county)
    user = fields.get("user")
    if user is not None and Artisan.objects.filter(user=user).exclude(pk=artisan.pk).exists():
        raise ValidationFailed(_("这个登录账户已属于另一位手工艺人。"), field="user", code="DUPLICATE")
    full_clean_or_raise(artisan)


def _check_county(county: str) -> None:
    if county not in County.values:
        raise ValidationFailed(_("请选择所在县市。"), field="county")


# --- The artisan portal's logins: a PIN staff issue, or a one-time link shown as a QR code. ---

LOGIN_LINK_LIFETIME = datetime.timedelta(hours=24)


@transaction.atomic
def artisan_pin_set(*, artisan: Artisan, pin: str) -> Artisan:
    """Give her a PIN (4-6 digits, stored hashed); a login account is made for her if she has none.
    Her sessions and tokens from before end (a PIN someone saw is no key any more)."""
    from django.contrib.auth.hashers import make_password

    pin = (pin or "").strip()
    if not (pin.isascii() and pin.isdigit() and 4 <= len(pin) <= 6):
        raise ValidationFailed(_("PIN 必须是 4 到 6 位数字。"), field="pin")
    locked = Artisan.objects.select_for_update().get(pk=artisan.pk)
    _ensure_login_user(locked)
    locked.pin_hash = make_password(pin)
    locked.save(update_fields=["user", "pin_hash", "updated_at"])
    user_sign_ins_revoke(user=locked.user)
    artisan.user, artisan.pin_hash, artisan.updated_at = locked.user, locked.pin_hash, locked.updated_at
    return artisan


def _ensure_login_user(artisan: Artisan) -> None:
    """Link a login account (username artisan-<code>, no password) to a locked artisan who has none."""
    from django.contrib.auth import get_user_model

    if artisan.user_id is not None:
        return
    user, created = get_user_model().objects.get_or_create(username=f"artisan-{artisan.code}")
    if created:
        user.set_unusable_password()
        user.save()
    elif user.is_staff or Artisan.objects.filter(user=user).exclude(pk=artisan.pk).exists():
        raise ValidationFailed(_("这个登录账户已属于另一位手工艺人。"), field="user", code="DUPLICATE")
    artisan.user = user
    artisan.save(update_fields=["user", "updated_at"])


def _token_hash(token: str) -> str:
    import hashlib

    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def artisan_login_link_create(*, artisan: Artisan, base_url: str = "") -> str:
    """A single-use login link valid for 24 hours; returns its URL (only the token's hash is kept)."""
    import secrets

    from django.urls import reverse
    from django.utils import timezone

    from artisans.models import ArtisanLoginLink

    token = secrets.token_urlsafe(32)
    ArtisanLoginLink.objects.create(
        artisan=artisan, token_hash=_token_hash(token), expires_at=timezone.now() + LOGIN_LINK_LIFETIME
    )
    return base_url.rstrip("/") + reverse("portal:link_login", kwargs={"token": token})


@transaction.atomic
def artisan_login_link_use(*, token: str) -> Artisan | None:
    """Spend a login link: her if the token is known, unused and unexpired (then used up); else None."""
    from django.utils import timezone

    from artisans.models import ArtisanLoginLink

    now = timezone.now()
    link = (
        ArtisanLoginLink.objects.select_for_update()
        .select_related("artisan")
        .filter(token_hash=_token_hash(token or ""), used_at__isnull=True, expires_at__gt=now)
        .first()
    )
    if link is None or not link.artisan.is_active:
        return None
    link.used_at = now
    link.save(update_fields=["used_at"])
    artisan = Artisan.objects.select_for_update().get(pk=link.artisan_id)
    _ensure_login_user(artisan)
    return artisan
