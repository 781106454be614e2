"""One archive holding a consistent copy of the database and the uploaded media, and its restore.

The database part is PostgreSQL's own consistent snapshot (pg_dump, custom format: one transaction,
whatever is being written meanwhile) or SQLite's online backup. Media files are written before the
row that names them and never changed afterwards (content-addressed names), so copying them after
the database snapshot holds every file a row in the snapshot refers to.

Archive layout (tar.gz): manifest.json, database.dump (PostgreSQL) or database.sqlite3, media/…
"""

import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connections

FORMAT = 1


class BackupError(Exception):
    pass


def _database() -> dict:
    return settings.DATABASES["default"]


def _engine() -> str:
    engine = _database()["ENGINE"]
    if engine.endswith("postgresql"):
        return "postgresql"
    if engine.endswith("sqlite3"):
        return "sqlite"
    raise BackupError(f"no backup for the database engine {engine}")


def _pg_env() -> tuple[dict, list[str]]:
    db = _database()
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    args = ["--host", str(db.get("HOST") or "localhost"), "--username", str(db.get("USER") or "")]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    return env, args


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def backup_create(output: Path) -> dict:
    """Write the archive to `output`; answers its manifest."""
    engine = _engine()
    with tempfile.TemporaryDirectory(prefix="gongfang-backup-") as folder:
        folder = Path(folder)
        if engine == "postgresql":
            database_file = folder / "database.dump"
            env, args = _pg_env()
            subprocess.run(
                ["pg_dump", *args, "--format=custom", "--no-owner", "--no-privileges",
                 "--file", str(database_file), str(_database()["NAME"])],
                env=env, check=True, capture_output=True,
            )  # fmt: skip
        else:
            database_file = folder / "database.sqlite3"
            source = sqlite3.connect(_database()["NAME"])
            target = sqlite3.connect(database_file)
            with target:
                source.backup(target)
            source.close()
            target.close()
        media_root = Path(settings.MEDIA_ROOT)
        media = sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.exists() else []
        manifest = {
            "format": FORMAT,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
            "engine": engine,
            "database_file": database_file.name,
            "database_sha256": _sha256(database_file),
            "media_files": len(media),
        }
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            archive.add(database_file, arcname=database_file.name)
            for path in media:
                archive.add(path, arcname=f"media/{path.relative_to(media_root).as_posix()}")
        partial.replace(output)  # a crash never leaves a half archive under the real name
    return manifest


def backup_restore(archive_path: Path) -> dict:
    """Replace the database and the media with the archive's; answers its manifest."""
    engine = _engine()
    with tempfile.TemporaryDirectory(prefix="gongfang-restore-") as folder:
        folder = Path(folder)
        with tarfile.open(archive_path, "r:gz") as archive:
            archive.extractall(folder, filter="data")  # refuses absolute paths, "..", devices, links out
        manifest_file = folder / "manifest.json"
        if not manifest_file.exists():
            raise BackupError("not a Gongfang backup: no manifest.json")
        manifest = json.loads(manifest_file.read_text())
        if manifest.get("format") != FORMAT:
            raise BackupError(f"unknown backup format {manifest.get('format')!r}")
        if manifest["engine"] != engine:
            raise BackupError(f"this backup is of {manifest['engine']}, the database here is {engine}")
        database_file = folder / manifest["database_file"]
        if _sha256(database_file) != manifest["database_sha256"]:
            raise BackupError("the database file does not match its checksum: the archive is damaged")
        connections.close_all()
        if engine == "postgresql":
            env, args = _pg_env()
            subprocess.run(
                ["pg_restore", *args, "--clean", "--if-exists", "--no-owner", "--no-privileges",
                 "--single-transaction", "--exit-on-error", "--dbname", str(_database()["NAME"]),
                 str(database_file)],
                env=env, check=True, capture_output=True,
            )  # fmt: skip
        else:
            source = sqlite3.connect(database_file)
            target = sqlite3.connect(_database()["NAME"])
            with target:
                source.backup(target)
            source.close()
            target.close()
        media_root = Path(settings.MEDIA_ROOT)
        restored = folder / "media"
        if media_root.exists():
            shutil.rmtree(media_root)
        if restored.exists():
            shutil.copytree(restored, media_root)
        else:
            media_root.mkdir(parents=True)
    return manifest
