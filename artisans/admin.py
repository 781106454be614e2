from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from accounts.services import user_sign_ins_revoke
from artisans.models import Agreement, Artisan, Workshop
from artisans.services import agreement_create, artisan_login_link_create, artisan_pin_set
from core.errors import ValidationFailed
from core.money import BASIS_POINTS_WHOLE, format_bp
from media.admin import thumbnail_tag


@admin.register(Workshop)
class WorkshopAdmin(admin.ModelAdmin):
    list_display = ("name_zh", "name_en", "county", "artisan_count")
    list_filter = ("county",)
    search_fields = ("name_zh", "name_en")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(artisan_total=Count("artisans"))

    @admin.display(description=_("手工艺人数"), ordering="artisan_total")
    def artisan_count(self, obj):
        return obj.artisan_total


class AgreementForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = ("valid_from", "artisan_bp", "operator_bp", "programme_bp", "note")

    def clean(self):
        cleaned = super().clean()
        shares = [cleaned.get(name) for name in ("artisan_bp", "operator_bp", "programme_bp")]
        if all(share is not None for share in shares) and sum(shares) != BASIS_POINTS_WHOLE:
            # Next to the artisan's share, the one that makes up the whole. A field with an error is
            # left out of the model's validation, so its constraint does not say it again (without
            # the figure).
            self.add_error(
                "artisan_bp",
                forms.ValidationError(
                    _("三方份额之和必须为 100%%，现在是 %(total)s%%。"),
                    code="shares",
                    params={"total": format_bp(sum(shares))},
                ),
            )
        return cleaned


class PinForm(forms.Form):
    pin = forms.CharField(
        label=_("新 PIN（4 到 6 位数字）"),
        min_length=4,
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class AgreementInline(admin.TabularInline):
    """Terms in force are history: a sale is split by the terms of its day, so an agreement is never
    edited or deleted; new terms are a new row from a later date."""

    model = Agreement
    form = AgreementForm
    extra = 0
    fields = ("valid_from", "artisan_bp", "operator_bp", "programme_bp", "note")
    verbose_name_plural = _("新的合作条款")

    def get_queryset(self, request):
        # Only blank rows for new terms: the terms in force are listed above, in percent
        # (ArtisanAdmin.agreement_history), which Django's read-only inline rows cannot show.
        return super().get_queryset(request).none()

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Artisan)
class ArtisanAdmin(admin.ModelAdmin):
    list_display = (
        "photo_thumb",
        "code",
        "name_zh",
        "name_latin",
        "county",
        "workshop",
        "craft_zh",
        "heritage_inheritor",
        "is_active",
    )
    list_display_links = ("code", "name_zh")
    list_filter = ("county", "workshop", "heritage_inheritor", "is_active")
    search_fields = ("code", "name_zh", "name_latin", "phone")
    list_select_related = ("workshop", "photo")
    autocomplete_fields = ("workshop",)
    raw_id_fields = ("user", "photo")
    inlines = [AgreementInline]
    readonly_fields = ("photo_preview", "portal_login", "agreement_history")
    fieldsets = (
        (None, {"fields": ("code", "name_zh", "name_latin", "county", "workshop", "phone", "user")}),
        (_("手工艺人登录"), {"fields": ("portal_login",)}),
        (_("合作协议"), {"fields": ("agreement_history",)}),
        (
            _("手艺与故事"),
            {
                "fields": (
                    "craft_zh",
                    "craft_en",
                    "story_zh",
                    "story_en",
                    "photo",
                    "photo_preview",
                    "heritage_inheritor",
                )
            },
        ),
        (_("状态"), {"fields": ("is_active",)}),
    )

    def get_urls(self):
        pin = self.admin_site.admin_view(self.pin_view)
        link = self.admin_site.admin_view(self.login_link_view)
        return [
            path("<int:pk>/pin/", pin, name="artisans_artisan_pin"),
            path("<int:pk>/login-link/", link, name="artisans_artisan_login_link"),
            *super().get_urls(),
        ]

    @admin.display(description=_("历次条款"))
    def agreement_history(self, obj):
        if obj is None or obj.pk is None:
            return "-"
        rows = [
            (
                a.valid_from,
                f"{format_bp(a.artisan_bp)}%",
                f"{format_bp(a.operator_bp)}%",
                f"{format_bp(a.programme_bp)}%",
                a.note,
            )
            for a in obj.agreements.order_by("valid_from")
        ]
        if not rows:
            return _("尚无条款")
        head = format_html(
            "<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
            _("生效日期"),
            _("手工艺人"),
            _("运营员"),
            _("项目"),
            _("备注"),
        )
        body = format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", rows)
        return format_html(
            '<table id="agreement-history"><thead>{}</thead><tbody>{}</tbody></table>', head, body
        )

    @admin.display(description=_("登录"))
    def portal_login(self, obj):
        if obj is None or obj.pk is None:
            return "-"
        state = _("已设置 PIN") if obj.pin_hash else _("未设置 PIN")
        return format_html(
            '{} &nbsp; <a class="button" href="{}">{}</a> &nbsp; <a class="button" href="{}">{}</a>',
            state,
            reverse("admin:artisans_artisan_pin", args=[obj.pk]),
            _("设置 PIN"),
            reverse("admin:artisans_artisan_login_link", args=[obj.pk]),
            _("登录二维码"),
        )

    def _artisan_for_change(self, request, pk):
        artisan = get_object_or_404(Artisan, pk=pk)
        if not self.has_change_permission(request, artisan):
            raise PermissionDenied
        return artisan

    def pin_view(self, request, pk):
        """设置 PIN: staff give her a PIN for the portal at /me/ (she logs in with her phone and it)."""
        artisan = self._artisan_for_change(request, pk)
        form = PinForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                artisan_pin_set(artisan=artisan, pin=form.cleaned_data["pin"])
            except ValidationFailed as error:
                form.add_error("pin", str(error))
            else:
                messages.success(request, _("已为 %(name)s 设置 PIN。") % {"name": artisan.name_zh})
                return redirect("admin:artisans_artisan_change", artisan.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": artisan,
            "title": _("设置 PIN：%(name)s") % {"name": artisan.name_zh},
            "form": form,
        }
        return TemplateResponse(request, "admin/artisans/pin_form.html", context)

    def login_link_view(self, request, pk):
        """A one-time login link (24 hours, single use), shown as a QR code for her to scan."""
        import segno

        artisan = self._artisan_for_change(request, pk)
        url = None
        qr_svg = ""
        if request.method == "POST":
            url = artisan_login_link_create(artisan=artisan, base_url=request.build_absolute_uri("/"))
            qr_svg = mark_safe(segno.make(url, error="m").svg_inline(scale=8))  # noqa: S308 (segno's own SVG)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": artisan,
            "title": _("登录二维码：%(name)s") % {"name": artisan.name_zh},
            "url": url,
            "qr_svg": qr_svg,
        }
        return TemplateResponse(request, "admin/artisans/login_link.html", context)

    def save_model(self, request, obj, form, change):
        previous_user = form.initial.get("user") if change else None
        super().save_model(request, obj, form, change)
        if not change:
            return
        # Taken off the books, or her login account changed: the old account's tokens and sessions end.
        if "is_active" in form.changed_data and not obj.is_active and obj.user is not None:
            user_sign_ins_revoke(user=obj.user)
        if "user" in form.changed_data and previous_user is not None:
            user_sign_ins_revoke(user=get_user_model().objects.get(pk=previous_user))

    def has_delete_permission(self, request, obj=None):
        # Her pieces, intakes and agreements refer to her: one who leaves is taken off the books (在册).
        return False

    @admin.display(description=_("照片"))
    def photo_thumb(self, obj):
        return thumbnail_tag(obj.photo, box=48)

    @admin.display(description=_("预览"))
    def photo_preview(self, obj):
        return thumbnail_tag(obj.photo, size=160, box=120)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Agreement:
            super().save_formset(request, form, formset, change)
            return
        # The forms checked the shares and the dates already; new terms are written by the service.
        for agreement in formset.save(commit=False):
            agreement_create(
                artisan=form.instance,
                valid_from=agreement.valid_from,
                artisan_bp=agreement.artisan_bp,
                operator_bp=agreement.operator_bp,
                programme_bp=agreement.programme_bp,
                note=agreement.note,
            )
