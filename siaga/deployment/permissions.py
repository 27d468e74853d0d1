from siaga.accounts.roles import COMMAND
from siaga.core.access import Permission

# Patterns, the deployment plan and its reserves are Polres-wide: computed and approved by the Polres itself. Polda
# and Mabes staff read them in their roll-up (siaga/command) and lend personnel through an approved BKO instead.
PERMISSIONS = [
    Permission("deployment.change", "menyusun rencana pengamanan", roles={"ops"}, level="polres", highest="polres"),
    Permission(
        "deployment.approve",
        "menyetujui rencana pengamanan",
        roles={"ops"} | COMMAND,
        level="polres",
        highest="polres",
    ),
]
