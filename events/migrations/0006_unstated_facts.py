from django.db import migrations, models


class Migration(migrations.Migration):
    """What the sources do not state (a date, a place, an attendance figure) can be recorded as
    such rather than invented."""

    dependencies = [
        ("events", "0005_private_files"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="convening",
            name="convening_in_person_has_venue",
        ),
        migrations.AddField(
            model_name="convening",
            name="date_not_stated",
            field=models.BooleanField(
                default=False,
                help_text="The sources give no date: pages say so, and the stored date only places the convening in lists.",
                verbose_name="date not stated",
            ),
        ),
        migrations.AddField(
            model_name="convening",
            name="place_not_stated",
            field=models.BooleanField(
                default=False,
                help_text="The sources do not say where it was held: the venue may stay empty.",
                verbose_name="place not stated",
            ),
        ),
        migrations.AddField(
            model_name="convening",
            name="reported_in_words",
            field=models.CharField(
                blank=True,
                help_text="When the sources give no figure, their words, as in “dozens of participants”.",
                max_length=200,
                verbose_name="reported attendance, in words",
            ),
        ),
        migrations.AddField(
            model_name="convening",
            name="reported_in_words_ar",
            field=models.CharField(
                blank=True,
                help_text="When the sources give no figure, their words, as in “dozens of participants”.",
                max_length=200,
                null=True,
                verbose_name="reported attendance, in words",
            ),
        ),
        migrations.AddField(
            model_name="convening",
            name="reported_in_words_en",
            field=models.CharField(
                blank=True,
                help_text="When the sources give no figure, their words, as in “dozens of participants”.",
                max_length=200,
                null=True,
                verbose_name="reported attendance, in words",
            ),
        ),
        migrations.AddConstraint(
            model_name="convening",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("format", "online"),
                    models.Q(("venue_name", ""), _negated=True),
                    ("place_not_stated", True),
                    _connector="OR",
                ),
                name="convening_in_person_has_venue_or_unstated",
            ),
        ),
    ]
