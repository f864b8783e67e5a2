"""manage.py rebuild_application_figures — recompute the application report's kept figures from the applications
(after a bulk load by SQL, an industry re-parented or a 镇街 deleted; see finance_market/figures.py)."""

import time

from django.core.management.base import BaseCommand

from finance_market.figures import rebuild


class Command(BaseCommand):
    help = "Recompute the application statistics kept per month, quarter and year (ApplicationFigures)."

    def handle(self, *args, **options):
        started = time.perf_counter()
        rows = rebuild()
        self.stdout.write(self.style.SUCCESS(f"{rows:,} rows of application figures in "
                                             f"{time.perf_counter() - started:.1f} s"))
