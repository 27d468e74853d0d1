from django.conf import settings

from siaga.core.nav import nav_for


def siaga(request):
    user = getattr(request, "user", None)
    return {
        "nav_items": nav_for(user) if user is not None and user.is_authenticated else [],
        "tile_url": settings.SIAGA_TILE_URL,
        "tile_attribution": settings.SIAGA_TILE_ATTRIBUTION,
    }
