"""Fill the kept report figures from the applications and disbursements already recorded (later writes keep them
up to date; finance_market/figures.py)."""

from django.db import migrations


def fill(apps, schema_editor):
    from finance_market.figures import rebuild

    rebuild({name: apps.get_model("finance_market", name) for name in (
        "LoanApplication", "ApplicationFigures", "Disbursement", "DisbursementFigures")})


class Migration(migrations.Migration):

    dependencies = [
        ("finance_market", "0018_kept_report_figures"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
