import datetime
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ops.backups import BackupError, backup_create


class Command(BaseCommand):
    help = "Write one archive with a consistent copy of the database and the uploaded media."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="the archive (default: var/backups/gongfang-<UTC time>.tar.gz)")

    def handle(self, *args, output=None, **options):
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
        path = Path(output) if output else Path(settings.VAR_DIR) / "backups" / f"gongfang-{stamp}.tar.gz"
        try:
            manifest = backup_create(path)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        except subprocess.CalledProcessError as error:  # pg_dump's own message is the useful part
            raise CommandError(error.stderr.decode() or str(error)) from error
        self.stdout.write(f"{path} ({manifest['engine']}, {manifest['media_files']} media files)")
