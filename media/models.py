from django.db import models
from django.utils.translation import gettext_lazy as _


class Image(models.Model):
    """An uploaded picture, checked by content before it is stored; thumbnails are made by a task."""

    file = models.ImageField(_("文件"), upload_to="images/%Y/%m/", width_field="width", height_field="height")
    width = models.PositiveIntegerField(_("宽"), default=0)
    height = models.PositiveIntegerField(_("高"), default=0)
    sha256 = models.CharField(max_length=64, db_index=True)
    alt_zh = models.CharField(_("说明（中文）"), max_length=200, blank=True)
    alt_en = models.CharField(_("说明（英文）"), max_length=200, blank=True)
    # {"160": "thumbnails/…/abc-160.webp", "480": …}: filled in by media.tasks.make_thumbnails.
    thumbnails = models.JSONField(_("缩略图"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("图片")
        verbose_name_plural = _("图片")

    def __str__(self):
        return self.file.name

    def thumbnail_url(self, size: int) -> str:
        """URL of the smallest thumbnail at least `size` wide, or the original while none is made."""
        from django.core.files.storage import default_storage

        sizes = sorted(int(s) for s in self.thumbnails)
        for candidate in sizes:
            if candidate >= size:
                return default_storage.url(self.thumbnails[str(candidate)])
        if sizes:
            return default_storage.url(self.thumbnails[str(sizes[-1])])
        return self.file.url
