from siaga.core.access import Permission

PERMISSIONS = [
    # the register is kept by the Polres and its Polsek; Polda/Mabes staff read it (a BKO lends through siaga/command)
    Permission("personnel.change", "mengubah data personel", roles={"ops"}, highest="polres"),
]
