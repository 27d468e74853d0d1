from siaga.core.access import Permission

# The TPS registry of an election comes from the KPU for the whole kabupaten: kept by the Polres.
PERMISSIONS = [
    Permission("stations.change", "mengubah data TPS", roles={"ops", "intel"}, level="polres"),
]
