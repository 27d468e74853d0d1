from siaga.accounts.roles import COMMAND
from siaga.core.access import Permission

PERMISSIONS = [
    # per-TPS checklists are filled where the TPS is, down to the Bhabinkamtibmas of the desa
    Permission("risk.checklist", "mengisi daftar periksa kerawanan", roles={"ops", "intel", "kapolsek", "field"}),
    Permission("risk.override", "menetapkan kategori kerawanan TPS", roles={"ops", "intel"} | COMMAND),
    # the indicator catalog and the category rule apply to every TPS of the kabupaten
    Permission("risk.rules", "mengubah indikator dan aturan kerawanan", roles={"ops", "intel"}, level="polres"),
    Permission("risk.notes", "menulis catatan kerawanan", roles={"ops", "intel", "kapolsek"} | COMMAND),
]
