"""manage.py restore ARCHIVE [--passphrase-env VAR] [--yes] — see core/backup.py."""

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, read_manifest, restore_backup


class Command(BaseCommand):
    help = "Replace the database and the media with those of a backup archive (checked against its manifest)."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--passphrase-env", help="the environment variable holding the passphrase")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, archive, passphrase_env, yes, **options):
        try:
            manifest = read_manifest(archive, passphrase_env)
            self.stdout.write(f"archive of {manifest['created_at']}: {manifest['counts']}")
            if not yes and input("This replaces the current database and media. Type 'yes': ").strip() != "yes":
                raise CommandError("restore cancelled")
            restore_backup(archive, passphrase_env=passphrase_env)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS("restore done; counts match the manifest"))
