from siaga.accounts.roles import ALL_POLICE, COMMAND
from siaga.core.access import Permission

PERMISSIONS = [
    Permission("coordination.contacts", "melihat kontak pribadi mitra", roles=COMMAND | {"ops", "intel", "kapolsek"}),
    Permission("coordination.directory", "mengelola direktori mitra", roles=COMMAND | {"ops", "intel", "kapolsek"}),
    Permission("coordination.meeting", "mengelola rapat koordinasi", roles=COMMAND | {"ops", "intel", "kapolsek"}),
    Permission("coordination.attend", "mencatat kehadiran rapat", roles=ALL_POLICE | {"partner"}, shared=True),
    Permission("coordination.directive", "menerbitkan arahan pimpinan", roles=COMMAND | {"ops", "kapolsek"}),
    Permission("coordination.respond", "menindaklanjuti arahan", roles=ALL_POLICE),
    Permission("coordination.pilkades", "mengimpor Pilkades serentak", roles=COMMAND | {"ops"}, level="polres"),
    Permission("coordination.pilkades_status", "mencatat jalannya Pilkades di desa", roles=ALL_POLICE),
]
