"""Application materials get their own file fields (the private store, core.private_files) beside the Wagtail
document they used to be; 0009 moves the files, 0010 drops the document link."""

import django.db.models.deletion
from django.db import migrations, models

import finance_market.models.applications


class Migration(migrations.Migration):

    dependencies = [
        ("finance_market", "0007_overdue_reports_to_ledger"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [
        migrations.AddField(
            model_name="applicationattachment",
            name="file",
            field=models.FileField(default="", max_length=255, upload_to=finance_market.models.applications.material_path,
                                   verbose_name="文件"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="applicationattachment",
            name="filename",
            field=models.CharField(default="", max_length=255, verbose_name="文件名"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="applicationattachment",
            name="size",
            field=models.PositiveBigIntegerField(default=0, verbose_name="大小（字节）"),
        ),
        migrations.AlterField(
            model_name="applicationattachment",
            name="document",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                    to="wagtaildocs.document"),
        ),
    ]
