import uuid

from django.test import TestCase

from siaga.reports.services import report_submit


def submit(user=None, *, channel=None, text="Ada pembagian amplop berisi uang oleh tim sukses", **kwargs):
    """A report through the real intake service (the same path as every channel)."""
    channel = channel or ("public" if user is None else ("partner" if user.is_partner else "officer"))
    kwargs.setdefault("client_id", uuid.uuid4())
    with TestCase.captureOnCommitCallbacks(execute=True):  # the after-commit triage step runs as in production
        report, _ = report_submit(channel=channel, user=user, text=text, **kwargs)
    report.refresh_from_db()
    return report


def desa_point(region, dlat=0.0, dlon=0.0):
    return {"lat": region.lat + dlat, "lon": region.lon + dlon}
