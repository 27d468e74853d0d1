from siaga.core.access import Permission

PERMISSIONS = [
    # Every user may issue and revoke their own tokens. Ops staff at Polres level (or above) may also do so for the
    # users of their unit's subtree (field officers' phones, partners' gateways), except command and admin accounts
    # (siaga/accounts/services.py); admin for anyone.
    Permission("accounts.tokens", "mengelola token API pengguna lain", roles={"ops"}, level="polres"),
]
