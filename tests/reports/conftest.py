import pytest

from siaga.reports import locate, taxonomy, triage


@pytest.fixture(autouse=True)
def _fresh_report_caches():
    """Process caches key on database ids that change between tests (units are recreated)."""
    locate.clear_cache()
    taxonomy.clear_cache()
    triage.clear_cache()
    yield
    locate.clear_cache()
    taxonomy.clear_cache()
    triage.clear_cache()
