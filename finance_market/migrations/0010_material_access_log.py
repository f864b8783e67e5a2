"""Application materials no longer point at Wagtail documents; who viewed or downloaded one is logged."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("finance_market", "0009_move_application_materials_out_of_library"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveField(model_name="applicationattachment", name="document"),
        migrations.CreateModel(
            name="MaterialAccess",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(choices=[("view", "查看"), ("download", "下载")], max_length=10,
                                          verbose_name="方式")),
                ("accessed_at", models.DateTimeField(db_index=True, default=django.utils.timezone.now,
                                                     verbose_name="访问时间")),
                ("attachment", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="accesses",
                                                 to="finance_market.applicationattachment", verbose_name="申请材料")),
                ("user", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+",
                                           to=settings.AUTH_USER_MODEL, verbose_name="访问人")),
            ],
            options={
                "verbose_name": "申请材料访问记录",
                "verbose_name_plural": "申请材料访问记录",
                "ordering": ["-accessed_at", "-pk"],
            },
        ),
    ]
