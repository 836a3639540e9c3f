"""Compile every locale/*/LC_MESSAGES/*.po to .mo without GNU gettext (polib is pure Python).

`make run` uses this so a fresh machine needs no gettext; `make messages` (which does need
gettext to extract strings) calls it too, and a test checks the committed .mo matches the .po.
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile .po catalogues to .mo in pure Python."

    def handle(self, *args, **options):
        for locale_dir in settings.LOCALE_PATHS:
            for po_path in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
                mo_path = po_path.with_suffix(".mo")
                catalogue = polib.pofile(str(po_path))
                # Fuzzy entries are left out, as msgfmt does.
                catalogue.save_as_mofile(str(mo_path))
                self.stdout.write(f"compiled {po_path.relative_to(settings.BASE_DIR)}")
