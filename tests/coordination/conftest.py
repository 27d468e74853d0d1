from datetime import timedelta

import pytest
from django.utils import timezone

from siaga.coordination import services
from siaga.coordination.models import Meeting


@pytest.fixture
def rakor(district, kapolres, polsek_a_user, partner_user):
    """Polres Jember's rakor: both Polsek and KPU invited, the Kapolsek of Jombang also by name."""
    return services.meeting_create(
        unit=district.polres,
        title="Rakor kesiapan Pilkades serentak",
        kind=Meeting.Kind.RAKOR,
        mode=Meeting.Mode.HYBRID,
        starts_at=timezone.now() + timedelta(days=1),
        place="Aula Polres Jember",
        link="https://zoom.us/j/123456789",
        agenda="Kesiapan pengamanan\nSambang calon kades",
        invite_units=[district.polsek_a, district.polsek_b, district.kpu],
        actor=kapolres,
    )
