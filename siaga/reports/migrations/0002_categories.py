from django.db import migrations


def load(apps, schema_editor):
    from siaga.engine.triage import load_taxonomy

    Category = apps.get_model("reports", "Category")
    Category.objects.bulk_create(
        [
            Category(
                code=c.code,
                label=c.label,
                group=c.group,
                default_severity=c.default_severity,
                description=c.description,
                escalation_minutes={str(k): v for k, v in c.escalation_minutes.items()},
                order=c.order,
            )
            for c in load_taxonomy()
        ],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
