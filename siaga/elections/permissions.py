from siaga.core.access import Permission

# Elections, their stages, candidates and operations are Polres-wide: changed only from the Polres or above.
PERMISSIONS = [
    Permission("elections.change", "mengubah data pemilihan", roles={"ops", "intel"}, level="polres"),
]
