"""The requests' tally and the paragraphs' total (resolutions/tallies.py): the tables, the
triggers that keep them on every write, and their first count."""

import django.db.models.deletion
from django.db import migrations, models

from resolutions import tallies


def install(apps, schema_editor):
    tallies.install(schema_editor.connection)


def uninstall(apps, schema_editor):
    tallies.uninstall(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ('resolutions', '0030_reminder_choices'),
    ]

    operations = [
        migrations.CreateModel(
            name='TableRows',
            fields=[
                ('name', models.CharField(max_length=63, primary_key=True, serialize=False)),
                ('total', models.BigIntegerField(default=0)),
            ],
        ),
        migrations.CreateModel(
            name='FollowUpTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(max_length=15)),
                ('action', models.CharField(max_length=15)),
                ('addressee_kind', models.CharField(max_length=15)),
                ('due_year', models.PositiveIntegerField()),
                ('requests', models.IntegerField(default=0)),
                ('body', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='resolutions.body')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('status', 'action', 'addressee_kind', 'due_year', 'body'), name='followup_tally_combination')],
            },
        ),
        migrations.RunPython(install, uninstall),
    ]
