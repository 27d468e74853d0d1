from siaga.accounts.roles import ALL_POLICE, COMMAND
from siaga.core.access import Permission

PERMISSIONS = [
    Permission("analysis.view", "melihat register gangguan kamtibmas dan statistik", roles=ALL_POLICE | {"viewer"}),
    Permission(
        "analysis.change", "mencatat dan mengubah perkara gangguan kamtibmas", roles=COMMAND | {"ops", "kapolsek"}
    ),
    Permission("analysis.import", "mengimpor register gangguan kamtibmas", roles=COMMAND | {"ops"}, level="polres"),
    Permission("analysis.population", "mengimpor data penduduk", roles=COMMAND | {"ops"}, level="polres"),
    Permission("analysis.anev", "membuat dokumen Anev dan laporan Sislap", roles=COMMAND | {"ops", "kapolsek"}),
    Permission("analysis.template", "mengganti templat dokumen Anev", roles=COMMAND | {"ops"}, level="polres"),
    Permission(
        "analysis.hotspot_propose",
        "menerima usulan objek patroli baru dari perkiraan hot spot",
        roles={"ops"},
        level="polres",
    ),
]
