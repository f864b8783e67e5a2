"""make backup / make restore (F-SEC-6): a round trip brings back pages, users, applications and media
files exactly, on SQLite and (when DATABASE_URL points at it) PostgreSQL; damage and wrong passphrases
are refused."""

import os
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from wagtail.models import Page, Site

from core.backup import read_manifest
from finance_market.models import LoanApplication
from tests.factories.images import ImageFactory
from tests.factories.pages import NewsIndexPageFactory, NewsPageFactory
from tests.finance_market.conftest import market, submit  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def content(market, django_user_model):  # noqa: F811
    home = Site.objects.get(is_default_site=True).root_page
    news = NewsIndexPageFactory(parent=home, slug="news")
    article = NewsPageFactory(parent=news, title="备份前发布的新闻")
    user = django_user_model.objects.create_user("backup_user", "b@example.cn", "Portal#2026x")
    image = ImageFactory()
    application = submit(market.ent_a, market.product_a)
    return {"article": article, "user": user, "image": image, "application": application}


def _snapshot():
    from django.contrib.auth import get_user_model

    return {
        "pages": list(Page.objects.values_list("title", "url_path")),
        "users": list(get_user_model().objects.values_list("username", "password")),
        "applications": list(LoanApplication.objects.values_list("reference", "amount", "status")),
    }


def test_backup_and_restore_round_trip(content, tmp_path):
    image_path = Path(content["image"].file.path)
    image_bytes = image_path.read_bytes()
    before = {k: sorted(v) for k, v in _snapshot().items()}

    call_command("backup", output=str(tmp_path))
    (archive,) = tmp_path.glob("portal-*.tar.gz")
    manifest = read_manifest(archive)
    assert manifest["counts"]["wagtailcore.Page"] == Page.objects.count()
    assert content["image"].file.name in manifest["media"]

    # after the backup: an article is deleted, a user removed, a file lost, a stray page added
    content["article"].delete()
    content["user"].delete()
    content["application"].delete()
    image_path.unlink()
    NewsPageFactory(parent=Page.objects.get(slug="news"), title="备份之后才写的新闻")

    call_command("restore", str(archive), yes=True)
    after = {k: sorted(v) for k, v in _snapshot().items()}
    assert after == before
    assert LoanApplication.objects.filter(reference=content["application"].reference).exists()
    assert image_path.read_bytes() == image_bytes
    assert not Page.objects.filter(title="备份之后才写的新闻").exists()


def test_encrypted_backup_needs_the_passphrase(content, tmp_path, monkeypatch):
    monkeypatch.setenv("PORTAL_BACKUP_PASSPHRASE", "correct horse battery staple")
    call_command("backup", output=str(tmp_path), passphrase_env="PORTAL_BACKUP_PASSPHRASE")
    (archive,) = tmp_path.glob("portal-*.tar.gz.enc")
    assert not tarfile.is_tarfile(archive)  # really encrypted, not a readable tar
    monkeypatch.setenv("WRONG_PASSPHRASE", "guess")
    with pytest.raises(CommandError, match="wrong passphrase"):
        call_command("restore", str(archive), yes=True, passphrase_env="WRONG_PASSPHRASE")
    assert Page.objects.filter(title="备份前发布的新闻").exists()  # nothing was touched
    content["article"].delete()
    call_command("restore", str(archive), yes=True, passphrase_env="PORTAL_BACKUP_PASSPHRASE")
    assert Page.objects.filter(title="备份前发布的新闻").exists()


def test_a_damaged_archive_is_refused_before_anything_is_replaced(content, tmp_path):
    call_command("backup", output=str(tmp_path))
    (archive,) = tmp_path.glob("portal-*.tar.gz")
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name.startswith("media/"):
                data = b"tampered" + data
                member.size = len(data)
            target.addfile(member, ContentFile(data))
    content["article"].delete()
    with pytest.raises(CommandError, match="does not match the manifest"):
        call_command("restore", str(damaged), yes=True)
    assert not Page.objects.filter(title="备份前发布的新闻").exists()  # the database was not replaced


def test_make_targets_exist():
    makefile = Path(settings.BASE_DIR, "Makefile").read_text()
    assert "\nbackup:" in makefile and "\nrestore:" in makefile
    assert os.access(Path(settings.BASE_DIR, "manage.py"), os.R_OK)


def test_a_postgresql_backup_holds_the_portals_schema_only(content, tmp_path):
    """Another schema in the same database (another application's, or a copy kept beside the tables) is not
    the portal's to back up or to replace on restore."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("schemas are PostgreSQL's")
    import subprocess

    with connection.cursor() as cursor:
        cursor.execute("CREATE SCHEMA IF NOT EXISTS neighbour_app")
        cursor.execute("CREATE TABLE IF NOT EXISTS neighbour_app.ledger (id int)")
    try:
        call_command("backup", output=str(tmp_path))
        (archive,) = tmp_path.glob("portal-*.tar.gz")
        with tarfile.open(archive) as tar:
            dump = next(member for member in tar.getmembers() if member.name.endswith("db.dump"))
            tar.extract(dump, tmp_path, filter="data")
        listing = subprocess.run(["pg_restore", "--list", str(tmp_path / dump.name)], capture_output=True,
                                 check=True, text=True).stdout
        assert "wagtailcore_page" in listing and "neighbour_app" not in listing
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA neighbour_app CASCADE")
