from django import forms
from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.errors import InvalidImage
from media.models import Image
from media.services import image_create
from media.validation import check_image_upload


def thumbnail_tag(image: Image | None, size: int = 160, box: int = 64):
    """A small <img> for change lists; the original stands in while the thumbnails are being made."""
    if image is None:
        return "—"
    return format_html(
        '<img src="{}" alt="{}" width="{}" height="{}" style="object-fit:cover;border-radius:4px">',
        image.thumbnail_url(size),
        image.alt_zh,
        box,
        box,
    )


class ImageUploadForm(forms.ModelForm):
    """The upload is judged by the same checks image_create runs, so a bad file is refused next to
    the field, before anything is stored."""

    class Meta:
        model = Image
        fields = ("file", "alt_zh", "alt_en")

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None:
            return upload
        try:
            check_image_upload(upload)
        except InvalidImage as error:
            raise forms.ValidationError(str(error.message), code=error.code) from error
        upload.seek(0)
        return upload


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ("preview", "alt_zh", "alt_en", "size", "has_thumbnails", "created_at")
    search_fields = ("alt_zh", "alt_en", "sha256", "file")
    date_hierarchy = "created_at"
    ordering = ("-created_at",)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = ImageUploadForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("file", "alt_zh", "alt_en")
        return ("preview_large", "file", "size", "sha256", "thumbnails", "alt_zh", "alt_en")

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        # The file of a stored image never changes: a new picture is a new upload.
        return ("preview_large", "file", "size", "sha256", "thumbnails")

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        created = image_create(
            upload=form.cleaned_data["file"],
            alt_zh=form.cleaned_data.get("alt_zh", ""),
            alt_en=form.cleaned_data.get("alt_en", ""),
        )
        # The admin carries on with the object it passed in (log entry, redirect): make it the stored one.
        obj.pk = created.pk
        obj.file = created.file
        obj._state.adding = False

    @admin.display(description=_("预览"))
    def preview(self, obj):
        return thumbnail_tag(obj)

    @admin.display(description=_("预览"))
    def preview_large(self, obj):
        return thumbnail_tag(obj, size=480, box=240)

    @admin.display(description=_("尺寸"))
    def size(self, obj):
        return f"{obj.width} × {obj.height}"

    @admin.display(description=_("已生成缩略图"), boolean=True)
    def has_thumbnails(self, obj):
        return bool(obj.thumbnails)
