# Writes and input: one-time form tokens (members.once).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0010_private_files'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='FormSubmission',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('token', models.CharField(max_length=32, verbose_name='form token')),
                ('url', models.CharField(blank=True, max_length=500, verbose_name='saved at')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='sent')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='user')),
            ],
            options={
                'verbose_name': 'form sent',
                'verbose_name_plural': 'forms sent',
                'constraints': [models.UniqueConstraint(fields=('user', 'token'), name='one_save_per_form_token')],
            },
        ),
    ]
