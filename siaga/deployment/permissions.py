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
    # A Polda's (or Mabes') ops staff start the planning run of every Polres in their scope at once (the fan-out in
    # deployment/fanout.py): each Polres gets a new draft version computed in its own job; approving stays the Polres'.
    Permission(
        "deployment.plan_all",
        "menghitung rencana plotting semua Polres sekaligus",
        roles={"ops"},
        level="polda",
    ),
]
