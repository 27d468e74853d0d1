from siaga.accounts.roles import ALL_POLICE, COMMAND
from siaga.core.access import Permission

PERMISSIONS = [
    # patrol plans are the Polres's own (Polda/Mabes staff read them in the roll-up)
    Permission("patrols.change", "mengubah objek, tim dan rencana patroli", roles={"ops"}, highest="polres"),
    Permission("patrols.plan", "melihat rencana patroli", roles={"ops", "intel", "kapolsek"} | COMMAND),
    Permission("patrols.checkin", "mencatat kehadiran patroli", roles=ALL_POLICE | {"partner"}, shared=True),
]
