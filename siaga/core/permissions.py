from siaga.core.access import Permission

PERMISSIONS = [
    Permission("core.audit", "melihat jejak audit", roles=set()),
]
