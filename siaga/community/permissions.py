from siaga.accounts.roles import ALL_POLICE, COMMAND
from siaga.core.access import Permission

PERMISSIONS = [
    Permission("community.view", "melihat data Binmas", roles=ALL_POLICE | {"viewer"}),
    Permission(
        "community.change", "mengubah wilayah binaan, tokoh, kampanye dan arahan", roles={"ops", "kapolsek"} | COMMAND
    ),
    Permission("community.visit", "mencatat kunjungan", roles={"field", "kapolsek", "intel", "ops"}),
    Permission("community.aspiration", "mencatat dan meneruskan aspirasi", roles=ALL_POLICE),
    Permission("community.answer", "menjawab aspirasi yang diteruskan", roles=ALL_POLICE | {"partner"}, shared=True),
    Permission("community.intel", "membaca catatan intelijen dan sumber deteksi dini", roles={"intel"}),
    Permission("community.contact", "melihat kontak pribadi tokoh", roles={"field", "kapolsek", "intel"} | COMMAND),
    Permission("community.plan", "menyusun rencana kunjungan", roles={"ops", "kapolsek"} | COMMAND),
]
