from siaga.accounts.roles import ALL_POLICE, COMMAND
from siaga.core.access import Permission

PERMISSIONS = [
    Permission("reports.submit", "mengirim laporan", roles=ALL_POLICE | {"partner"}),
    Permission("reports.change", "menangani laporan", roles={"ops", "intel", "kapolsek"} | COMMAND),
    Permission("reports.contact", "melihat kontak pelapor", roles={"intel"} | COMMAND),
    Permission("reports.share", "membagikan laporan kepada mitra", roles={"ops", "intel"} | COMMAND),
    # the alert level (Siaga I–III) is the Polres command's decision
    Permission("reports.alert", "menetapkan status siaga", roles=COMMAND, level="polres"),
]
