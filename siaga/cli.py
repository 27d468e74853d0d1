"""The `siaga` console command: Django's management commands with Siaga's settings.

`siaga regions load --province 35`, `siaga demo --kabupaten 35.09`, `siaga migrate`, `siaga worker`, ...
"""

import os
import sys


def main(argv: list[str] | None = None, prog: str = "siaga") -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) >= 2 and args[0] == "regions":
        args = [f"regions_{args[1]}", *args[2:]]
    from django.core.management import execute_from_command_line

    execute_from_command_line([prog, *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
