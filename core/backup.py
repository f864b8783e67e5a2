"""Backups of the database and the uploaded media in one archive with a manifest (F-SEC-6).

An archive is a tar.gz holding ``manifest.json``, the database (``db.sqlite3`` made with SQLite's
online backup API, or ``db.dump`` from ``pg_dump --format=custom``) and ``media/``. The manifest
records when and from what it was made, the applied migrations, row counts of the tables people
care about and the SHA-256 of every file, and restore checks all of them. With a passphrase the
whole archive is encrypted with AES-256 (``openssl enc -pbkdf2``), so it can be kept off-site.
"""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection

FORMAT = 1
COUNTED_MODELS = [
    "wagtailcore.Page", "members.User", "members.Enterprise", "finance_market.LoanApplication",
    "site_portal.PortalImage", "wagtaildocs.Document", "consultations.Consultation",
]


class BackupError(Exception):
    pass


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def content_counts():
    counts = {}
    for label in COUNTED_MODELS:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        counts[label] = model._default_manager.count()
    return counts


def _applied_migrations():
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        latest = {}
        for app, name in cursor.fetchall():
            latest[app] = name
    return latest


def _pg_env():
    db = connection.settings_dict
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    args = ["-h", db.get("HOST") or "127.0.0.1", "-p", str(db.get("PORT") or 5432), "-U", db.get("USER") or "postgres"]
    return env, args, db["NAME"]


def _dump_database(target_dir):
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(target_dir / "db.sqlite3")
        with target:
            connection.connection.backup(target)  # a consistent copy while the site keeps running
        target.close()
        return "db.sqlite3"
    if connection.vendor == "postgresql":
        env, args, name = _pg_env()
        # the portal's own schema (the connection's current one), not whatever else shares the database
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_schema()")
            schema = cursor.fetchone()[0]
        subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--schema", schema, *args,
                        "-f", str(target_dir / "db.dump"), name], env=env, check=True, capture_output=True)
        return "db.dump"
    raise BackupError(f"unsupported database: {connection.vendor}")


def _encrypt(source, target, passphrase_env, decrypt=False):
    if not os.environ.get(passphrase_env):
        raise BackupError(f"environment variable {passphrase_env} (the passphrase) is empty")
    command = ["openssl", "enc", "-aes-256-cbc", "-pbkdf2", "-iter", "200000", "-salt",
               "-in", str(source), "-out", str(target), "-pass", f"env:{passphrase_env}"]
    if decrypt:
        command.insert(2, "-d")
    result = subprocess.run(command, capture_output=True)
    if result.returncode:
        raise BackupError("decryption failed: wrong passphrase or damaged archive" if decrypt
                          else result.stderr.decode(errors="replace"))


def make_backup(output, passphrase_env=None):
    """Write an archive into ``output`` (a directory or a file name); return its path."""
    output = Path(output)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    suffix = ".tar.gz.enc" if passphrase_env else ".tar.gz"
    archive = output / f"portal-{stamp}{suffix}" if output.is_dir() or not output.suffix else output
    archive.parent.mkdir(parents=True, exist_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        database_file = _dump_database(tmp)
        files = {}
        if media_root.exists():
            for path in sorted(media_root.rglob("*")):
                if path.is_file():
                    files[path.relative_to(media_root).as_posix()] = _sha256(path)
        manifest = {
            "format": FORMAT, "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
            "database": {"vendor": connection.vendor, "file": database_file,
                         "sha256": _sha256(tmp / database_file)},
            "migrations": _applied_migrations(), "counts": content_counts(), "media": files,
        }
        (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
        plain = tmp / "archive.tar.gz"
        with tarfile.open(plain, "w:gz") as tar:
            tar.add(tmp / "manifest.json", "manifest.json")
            tar.add(tmp / database_file, database_file)
            for name in files:
                tar.add(media_root / name, f"media/{name}")
        if passphrase_env:
            _encrypt(plain, archive, passphrase_env)
        else:
            shutil.move(plain, archive)
    return archive


def read_manifest(archive, passphrase_env=None):
    with tempfile.TemporaryDirectory() as tmp:
        plain = _plain_archive(Path(archive), Path(tmp), passphrase_env)
        with tarfile.open(plain) as tar:
            return json.load(tar.extractfile("manifest.json"))


def _plain_archive(archive, tmp, passphrase_env):
    if archive.name.endswith(".enc"):
        if not passphrase_env:
            raise BackupError("the archive is encrypted: give the passphrase variable (--passphrase-env)")
        plain = tmp / "archive.tar.gz"
        _encrypt(archive, plain, passphrase_env, decrypt=True)
        return plain
    return archive


def restore_backup(archive, passphrase_env=None):
    """Replace the database and the media with the archive's; return its manifest."""
    archive = Path(archive)
    if not archive.exists():
        raise BackupError(f"no such archive: {archive}")
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        plain = _plain_archive(archive, tmp, passphrase_env)
        extracted = tmp / "x"
        with tarfile.open(plain) as tar:
            tar.extractall(extracted, filter="data")  # "data" refuses absolute paths, .. and links out
        manifest = json.loads((extracted / "manifest.json").read_text())
        if manifest.get("format") != FORMAT:
            raise BackupError(f"unknown archive format {manifest.get('format')}")
        database = manifest["database"]
        if database["vendor"] != connection.vendor:
            raise BackupError(f"archive holds a {database['vendor']} database, this site uses {connection.vendor}")
        if _sha256(extracted / database["file"]) != database["sha256"]:
            raise BackupError("the database file does not match the manifest: archive damaged")
        for name, digest in manifest["media"].items():
            if _sha256(extracted / "media" / name) != digest:
                raise BackupError(f"media file {name} does not match the manifest: archive damaged")
        _load_database(extracted / database["file"])
        staged = media_root.with_name(media_root.name + ".restoring")
        shutil.rmtree(staged, ignore_errors=True)
        shutil.copytree(extracted / "media", staged) if (extracted / "media").exists() else staged.mkdir(parents=True)
        shutil.rmtree(media_root, ignore_errors=True)
        staged.rename(media_root)
    counts = content_counts()
    if counts != manifest["counts"]:
        raise BackupError(f"restored row counts {counts} differ from the manifest {manifest['counts']}")
    return manifest


def _load_database(dump):
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(dump)
        source.backup(connection.connection)
        source.close()
        return
    env, args, name = _pg_env()
    connection.close()
    result = subprocess.run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
                             "--single-transaction", *args, "-d", name, str(dump)], env=env, capture_output=True)
    if result.returncode:
        raise BackupError("pg_restore failed: " + result.stderr.decode(errors="replace")[-2000:])
