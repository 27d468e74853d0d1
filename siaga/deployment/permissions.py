from siaga.accounts.roles import COMMAND
from siaga.core.access import Permission

# Patterns, the deployment plan and its reserves are Polres-wide: computed and approved at the Polres or above.
PERMISSIONS = [
    Permission("deployment.change", "menyusun rencana pengamanan", roles={"ops"}, level="polres"),
    Permission("deployment.approve", "menyetujui rencana pengamanan", roles={"ops"} | COMMAND, level="polres"),
]
