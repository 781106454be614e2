import subprocess
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ops.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = "Replace the database and the uploaded media with a backup's (stop the web and workers first)."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="an archive written by `manage.py backup`")
        parser.add_argument("--yes", action="store_true", help="confirm: everything now there is replaced")

    def handle(self, *args, archive, yes=False, **options):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"no such archive: {path}")
        if not yes:
            raise CommandError("restoring replaces the whole database and media: add --yes to go on")
        try:
            manifest = backup_restore(path)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        except subprocess.CalledProcessError as error:
            raise CommandError(error.stderr.decode() or str(error)) from error
        self.stdout.write(
            f"restored {path} (taken {manifest['created_at']}, {manifest['media_files']} media files)"
        )
