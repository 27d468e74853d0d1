from siaga.core.access import Permission

PERMISSIONS = [
    Permission("accounts.tokens", "mengelola token API pengguna lain", roles=set(), level="polres"),
]
