"""Load the demo federation: sectors, branches, organizations, boards and three accounts.

The data (in `_demo_data`) comes from the source articles in /work/shared/seeds. Running the
command again changes nothing: rows are found by slug or e-mail and saved only when a value
differs, and membership history is written only when an organization is first created.
"""

from collections import Counter

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from members import services
from members.models import (
    Affiliation,
    BoardSeat,
    Branch,
    Federation,
    Organization,
    Sector,
    User,
)

from . import _demo_data as demo

# What an organization field holds when the demo data does not name it.
EMPTY = {"countries_of_work": [], "founded_year": None, "branch": None}


def _same(current, wanted):
    """Whether a field already holds the wanted value (country fields hold Country objects)."""
    if isinstance(wanted, list):
        return sorted(str(getattr(c, "code", c)) for c in current or []) == sorted(wanted)
    return getattr(current, "code", current) == wanted


def _assign(obj, values):
    """Set the values that differ on `obj`; return whether there were any."""
    changed = [field for field, value in values.items() if not _same(getattr(obj, field), value)]
    for field in changed:
        setattr(obj, field, values[field])
    return bool(changed)


class Command(BaseCommand):
    help = "Load the demo federation, its members, branches and demo accounts (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load the demo data even when DEBUG is off.",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "load_demo creates demo accounts with a published password, so it runs only "
                "when DEBUG is on. Pass --force to load the demo data anyway."
            )
        self.created, self.updated = Counter(), Counter()
        with transaction.atomic():
            federation = self.load_federation()
            sectors = self.load_sectors()
            branches = self.load_branches()
            users = self.load_accounts()
            admin = users["admin@example.org"]
            organizations = {
                spec["slug"]: self.load_organization(spec, admin, sectors, branches)
                for spec in demo.ORGANIZATIONS
            }
            self.load_boards(branches, organizations)
            self.load_affiliations(users, organizations)
        self.report(federation)

    # Rows -------------------------------------------------------------------------------------

    def _tally(self, obj, created):
        (self.created if created else self.updated)[type(obj).__name__] += 1

    def _upsert(self, model, lookup, values):
        """Find the row by `lookup`, create it or save it only when a value differs."""
        obj = model.objects.filter(**lookup).first()
        created = obj is None
        if created:
            obj = model(**lookup)
        if _assign(obj, values) or created:
            obj.save()
            self._tally(obj, created)
        return obj

    def load_federation(self):
        federation = Federation.objects.first() or Federation()
        created = federation.pk is None
        if _assign(federation, demo.FEDERATION) or created:
            federation.full_clean(exclude=["logo"])
            federation.save()
            self._tally(federation, created)
        return federation

    def load_sectors(self):
        return {
            slug: self._upsert(
                Sector, {"slug": slug}, {"name_ar": ar, "name_en": en, "position": 10 * n}
            )
            for n, (slug, ar, en) in enumerate(demo.SECTORS, start=1)
        }

    def load_branches(self):
        branches = {}
        for spec in demo.BRANCHES:
            values = {key: value for key, value in spec.items() if key != "slug"}
            branches[spec["slug"]] = self._upsert(Branch, {"slug": spec["slug"]}, values)
        return branches

    def load_accounts(self):
        users = {}
        for email, name, language, role, _organization in demo.ACCOUNTS:
            values = {"name": name, "preferred_language": language, "is_active": True}
            if role == "admin":
                values.update(is_staff=True, is_superuser=True)
            user = User.objects.filter(email__iexact=email).first()
            if user is None:
                user = User.objects.create_user(email, demo.PASSWORD, **values)
                self._tally(user, created=True)
            else:
                # An existing account keeps its row unless something differs, the password too.
                changed = _assign(user, values)
                if not user.check_password(demo.PASSWORD):
                    user.set_password(demo.PASSWORD)
                    changed = True
                if changed:
                    user.save()
                    self._tally(user, created=False)
            # allauth lets only verified addresses sign in.
            self._upsert(
                EmailAddress, {"user": user, "email": email}, {"verified": True, "primary": True}
            )
            users[email] = user
        return users

    def load_organization(self, spec, admin, sectors, branches):
        values = {field: spec.get(field, EMPTY.get(field, "")) for field in services.PROFILE_FIELDS}
        values["branch"] = branches.get(spec.get("branch"))
        wanted = [sectors[slug] for slug in spec["sectors"]]
        organization = Organization.objects.filter(slug=spec["slug"]).first()
        if organization is None:
            # Created in its starting status, then moved by the administrator: the history
            # shows both. Neither happens again on later runs.
            organization = services.organization_create(
                data={**values, "slug": spec["slug"]},
                status=spec["status"],
                user=admin,
                sectors=wanted,
            )
            for to_status, note in spec.get("moves", ()):
                services.organization_change_status(
                    organization=organization, to_status=to_status, user=admin, note=note
                )
            self._tally(organization, created=True)
            return organization
        changed = _assign(organization, values)
        if changed:
            organization.save()
        if set(organization.sectors.values_list("pk", flat=True)) != {s.pk for s in wanted}:
            organization.sectors.set(wanted)
            changed = True
        if changed:
            self._tally(organization, created=False)
        return organization

    def load_boards(self, branches, organizations):
        """Open seats for each active branch board; a seat someone already holds is kept."""
        for branch_slug, chair, members in demo.BOARDS:
            branch = branches[branch_slug]
            seats = BoardSeat.objects.filter(branch=branch, term_end__isnull=True)
            wanted = [(chair, BoardSeat.Role.CHAIR)] + [(m, BoardSeat.Role.MEMBER) for m in members]
            for slug, role in wanted:
                organization = organizations[slug]
                if seats.filter(organization=organization).exists():
                    continue
                if role == BoardSeat.Role.CHAIR and seats.filter(role=role).exists():
                    continue
                seat = BoardSeat(
                    branch=branch,
                    organization=organization,
                    role=role,
                    term_start=demo.BOARD_TERM_START,
                )
                seat.full_clean()
                seat.save()
                self._tally(seat, created=True)

    def load_affiliations(self, users, organizations):
        for email, _name, _language, role, slug in demo.ACCOUNTS:
            if slug:
                self._upsert(
                    Affiliation,
                    {"user": users[email], "organization": organizations[slug]},
                    {"role": role},
                )

    # Output -----------------------------------------------------------------------------------

    def report(self, federation):
        slugs = [spec["slug"] for spec in demo.ORGANIZATIONS]
        organizations = Organization.objects.filter(slug__in=slugs)
        members = organizations.filter(status__in=Organization.MEMBER_STATUSES).count()
        partners = organizations.filter(status=Organization.Status.PARTNER).count()
        chairs = BoardSeat.objects.current().chairs().filter(branch__is_active=True).count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data for “{federation.name_en}” is in place: {len(demo.SECTORS)} sectors, "
                f"{len(demo.BRANCHES)} branches, {organizations.count()} organizations "
                f"({members} members, {partners} partners), a general secretariat of {chairs} "
                f"branch chairs, {len(demo.ACCOUNTS)} accounts."
            )
        )
        if self.created or self.updated:
            for label, counter in (("Created", self.created), ("Updated", self.updated)):
                if counter:
                    parts = ", ".join(f"{name} {n}" for name, n in counter.items())
                    self.stdout.write(f"{label}: {parts}.")
        else:
            self.stdout.write("Nothing changed: the demo data was already loaded.")
        accounts = []
        for email, _name, _language, role, slug in demo.ACCOUNTS:
            if role == "admin":
                accounts.append(f"{email} (administrator)")
            else:
                name = Organization.objects.get(slug=slug).name_en
                accounts.append(f"{email} ({role} of {name})")
        self.stdout.write(f"Demo accounts (password: {demo.PASSWORD}): " + ", ".join(accounts))
