from siaga.core.access import Permission

PERMISSIONS = [
    Permission("personnel.change", "mengubah data personel", roles={"ops"}),
]
