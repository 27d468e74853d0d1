from siaga.core.access import Permission

PERMISSIONS = [
    Permission("units.change", "mengubah data satuan", roles=set()),
]
