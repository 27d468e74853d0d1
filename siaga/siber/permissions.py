"""Only the cyber/intelligence staff (Satintelkam) of a Polres or above see posts and accounts."""

from siaga.core.access import Permission

CYBER = {"intel"}

PERMISSIONS = [
    Permission("siber.view", "melihat patroli siber", roles=CYBER, level="polres"),
    Permission("siber.change", "menangani unggahan dan kasus siber", roles=CYBER, level="polres"),
    Permission("siber.ingest", "mengirim unggahan dari perayap", roles=CYBER, level="polres"),
    Permission("siber.train", "melatih ulang model teks", roles=CYBER, level="polres"),
]
