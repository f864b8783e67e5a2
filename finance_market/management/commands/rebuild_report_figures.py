"""manage.py rebuild_report_figures — recompute the application report's kept figures from the applications and
disbursements (after a bulk load by SQL, an industry re-parented or a 镇街 deleted; see finance_market/figures.py)."""

import time

from django.core.management.base import BaseCommand

from finance_market.figures import rebuild


class Command(BaseCommand):
    help = "Recompute the report figures kept per month, quarter and year (ApplicationFigures, DisbursementFigures)."

    def handle(self, *args, **options):
        started = time.perf_counter()
        rows = rebuild()
        self.stdout.write(self.style.SUCCESS(f"{rows:,} rows of report figures in "
                                             f"{time.perf_counter() - started:.1f} s"))
