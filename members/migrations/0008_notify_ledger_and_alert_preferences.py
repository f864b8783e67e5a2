"""The notify-once ledger (members/notify.py) and the e-mail alert preference, which moves here from
consultations (consultations 0006 copies the rows). ProfileReminder is replaced by the ledger: each reminder
already sent becomes the key ``profile-reminder:members.enterprise:<pk>:<period>``, and each "holidays missing"
warning already sent (found by its title) ``holidays-missing:<year>``, so nobody is reminded again."""

import re

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

HOLIDAYS_TITLE = re.compile(r"^请录入(\d{4})年法定节假日安排$")


def seed_ledger(apps, schema_editor):
    NotifiedOnce = apps.get_model("members", "NotifiedOnce")
    ProfileReminder = apps.get_model("members", "ProfileReminder")
    Message = apps.get_model("members", "Message")
    keys = {f"profile-reminder:members.enterprise:{enterprise_id}:{period}"
            for enterprise_id, period in ProfileReminder.objects.values_list("enterprise_id", "period")}
    for title in Message.objects.filter(title__startswith="请录入").values_list("title", flat=True).distinct():
        if match := HOLIDAYS_TITLE.match(title):
            keys.add(f"holidays-missing:{match.group(1)}")
    NotifiedOnce.objects.bulk_create([NotifiedOnce(key=key) for key in sorted(keys)], ignore_conflicts=True)


def restore_reminders(apps, schema_editor):
    NotifiedOnce = apps.get_model("members", "NotifiedOnce")
    ProfileReminder = apps.get_model("members", "ProfileReminder")
    for key in NotifiedOnce.objects.filter(key__startswith="profile-reminder:members.enterprise:").values_list(
            "key", flat=True):
        enterprise_id, period = key.split(":")[2:4]
        ProfileReminder.objects.get_or_create(enterprise_id=int(enterprise_id), period=period)


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0007_schedule_paths'),
    ]

    operations = [
        migrations.CreateModel(
            name='NotifiedOnce',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(max_length=200, unique=True, verbose_name='提醒键')),
                ('recipients', models.PositiveIntegerField(default=0, verbose_name='收件人数')),
                ('sent_at', models.DateTimeField(auto_now_add=True, verbose_name='发送时间')),
            ],
            options={
                'verbose_name': '一次性提醒记录',
                'verbose_name_plural': '一次性提醒记录',
                'ordering': ['-sent_at'],
            },
        ),
        migrations.CreateModel(
            name='AlertPreference',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('email_alerts', models.BooleanField(default=True, help_text='收到站内信（贷款申请、咨询、投诉有答复或状态变化，或有新事项需要您处理）时，同时发送邮件提醒', verbose_name='接收邮件提醒')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='alert_preference', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': '提醒设置',
                'verbose_name_plural': '提醒设置',
            },
        ),
        migrations.RunPython(seed_ledger, restore_reminders),
        migrations.DeleteModel(
            name='ProfileReminder',
        ),
    ]
