"""Jobs name their runner by its registered name ("<app_label>.<verb>"), no longer by a dotted import path.

Finished and plan/recompute jobs are renamed; queued or running imports of the old kind held a file outside the
new staging directory, so they are ended with a message asking for the upload again."""

from django.db import migrations

RENAMES = {
    "siaga.risk.jobs.run_recompute": "risk.recompute",
    "siaga.patrols.jobs.run_patrol_plan": "patrols.plan",
    "siaga.deployment.services.deployment_plan_runner": "deployment.plan",
    "siaga.stations.importer.service.station_import_run": "stations.import",
    "siaga.personnel.services.personnel_import_runner": "personnel.import",
    "siaga.risk.jobs.run_checklist_import": "risk.import",
}
IMPORTS = {"stations.import", "personnel.import", "risk.import"}


def forwards(apps, schema_editor):
    Job = apps.get_model("core", "Job")
    for job in Job.objects.all().only("pk", "kind", "status", "params").iterator():
        params = dict(job.params or {})
        name = RENAMES.get(params.get("runner", ""))
        if name is None:
            continue
        params["runner"] = name
        fields = {"kind": name, "params": params}
        if name in IMPORTS and job.status in ("queued", "running"):
            fields.update(status="failed", message="Impor dihentikan karena pembaruan sistem; unggah ulang berkasnya.")
        Job.objects.filter(pk=job.pk).update(**fields)


def backwards(apps, schema_editor):
    Job = apps.get_model("core", "Job")
    dotted = {name: path for path, name in RENAMES.items()}
    for job in Job.objects.all().only("pk", "params").iterator():
        params = dict(job.params or {})
        if params.get("runner") in dotted:
            params["runner"] = dotted[params["runner"]]
            Job.objects.filter(pk=job.pk).update(params=params)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
