"""Fill the kept application figures from the applications already recorded (later writes maintain them)."""

from django.db import migrations


def fill(apps, schema_editor):
    from finance_market.figures import rebuild

    rebuild(apps.get_model("finance_market", "LoanApplication"), apps.get_model("finance_market", "ApplicationFigures"))


class Migration(migrations.Migration):

    dependencies = [
        ("finance_market", "0018_application_figures"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
