from django.apps import AppConfig


class StationsConfig(AppConfig):
    name = "siaga.stations"
    label = "stations"
    verbose_name = "TPS"

    def ready(self):
        from siaga.core.nav import MapLayer, map_layer_register

        map_layer_register(MapLayer(key="tps", label="TPS", url_name="stations:latest_geojson", order=30, cluster=True))
