from siaga.accounts.roles import COMMAND
from siaga.core.access import Permission

# What Polda and Mabes staff do: read the roll-up of their Polres (their plans and records stay the Polres's own,
# see `highest` in siaga/core/access.py) and decide BKO between them.
PERMISSIONS = [
    Permission(
        "command.view", "melihat rekapitulasi Polres", roles=COMMAND | {"ops", "intel", "viewer"}, level="polda"
    ),
    Permission("command.bko", "mengusulkan dan memutuskan BKO antar-Polres", roles=COMMAND | {"ops"}, level="polda"),
]
