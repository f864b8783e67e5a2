"""manage.py backup [--output DIR|FILE] [--passphrase-env VAR] — see core/backup.py."""

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, make_backup


class Command(BaseCommand):
    help = "Back up the database and the media into one archive with a manifest (optionally encrypted)."

    def add_arguments(self, parser):
        parser.add_argument("--output", default="backups", help="directory (or file name) for the archive")
        parser.add_argument("--passphrase-env", help="encrypt with the passphrase held in this environment variable")

    def handle(self, *args, output, passphrase_env, **options):
        try:
            archive = make_backup(output, passphrase_env=passphrase_env)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"backup written: {archive}"))
