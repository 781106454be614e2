"""`manage.py backup` then `manage.py restore` bring back the database and the media as they were at
the backup, whatever was written, changed or deleted in between."""

import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from artisans.models import Artisan
from media.models import Image
from media.services import image_create
from tests import factories
from tests.media.images import jpeg_bytes, upload

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_backup_restores_the_rows_and_the_files_as_they_were(require_postgresql, tmp_path, settings):
    # given: an artisan and an uploaded photo, backed up
    artisan = factories.ArtisanFactory(code="uren", name_zh="乌仁")
    image = image_create(upload=upload(jpeg_bytes(64, 48), "robe.jpg"))
    photo = Path(settings.MEDIA_ROOT) / image.file.name
    assert photo.is_file()
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=str(archive))

    # when: afterwards a name changes, an artisan is added, the photo file is lost; then the restore
    Artisan.objects.filter(pk=artisan.pk).update(name_zh="改过的名字")
    factories.ArtisanFactory(code="later")
    photo.unlink()
    call_command("restore", str(archive), yes=True)

    # then
    assert list(Artisan.objects.values_list("code", "name_zh")) == [("uren", "乌仁")]
    assert Image.objects.filter(pk=image.pk).exists()
    assert photo.is_file()


def test_restore_asks_for_confirmation_and_refuses_what_is_not_a_backup(tmp_path):
    factories.ArtisanFactory(code="uren")
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", __file__, yes=False)
    stranger = tmp_path / "stranger.tar.gz"
    with tarfile.open(stranger, "w:gz") as archive:
        archive.add(__file__, arcname="notes.py")
    with pytest.raises(CommandError, match="manifest"):
        call_command("restore", str(stranger), yes=True)
    assert Artisan.objects.filter(code="uren").exists()  # nothing touched
