from siaga.core.access import Permission

PERMISSIONS = [
    Permission("regions.change", "mengubah data wilayah", roles=set()),
]
