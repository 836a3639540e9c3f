"""The members part of the demo: federation, sectors, branches, organizations, boards, accounts,
and people: the accounts' own and the officers the articles name, with their offices.

`manage.py load_demo` (in the federation app) calls `load()` inside one transaction, then the
loaders of the higher layers with what it returns. The data (TOML files read by `data`) comes
from the source articles, cited by their file names. Loading again changes nothing: rows are
found by slug or e-mail and saved only when a value differs, and membership history is written
only when an organization is first created. People and offices are written through the people
services, as the secretariat's would be: a person is found by account, or by name and
organization, an office by its holder, kind, body and first day. `Changes` and `assign` are
shared with the higher layers' loaders so that every layer follows the same rule.
"""

from collections import Counter

from allauth.account.models import EmailAddress

from .. import services
from ..models import (
    Affiliation,
    BoardSeat,
    Branch,
    Federation,
    Office,
    Organization,
    Person,
    Sector,
    User,
)
from . import data

# What an organization field holds when the demo data does not name it.
EMPTY = {"countries_of_work": [], "founded_year": None, "branch": None}


def _same(current, wanted):
    """Whether a field already holds the wanted value (country fields hold Country objects)."""
    if isinstance(wanted, list):
        return sorted(str(getattr(c, "code", c)) for c in current or []) == sorted(wanted)
    return getattr(current, "code", current) == wanted


def assign(obj, values):
    """Set the values that differ on `obj`; return whether there were any."""
    changed = [field for field, value in values.items() if not _same(getattr(obj, field), value)]
    for field in changed:
        setattr(obj, field, values[field])
    return bool(changed)


class Changes:
    """Rows created and updated, per model, across every layer's loader."""

    def __init__(self):
        self.created, self.updated = Counter(), Counter()

    def __bool__(self):
        return bool(self.created or self.updated)

    def tally(self, obj, created):
        (self.created if created else self.updated)[type(obj).__name__] += 1

    def upsert(self, model, lookup, values, *, validate=False):
        """Find the row by `lookup`, create it or save it only when a value differs."""
        obj = model.objects.filter(**lookup).first()
        created = obj is None
        if created:
            obj = model(**lookup)
        if assign(obj, values) or created:
            if validate:
                obj.full_clean()
            obj.save()
            self.tally(obj, created)
        return obj


def load(*, changes):
    """Load the members demo; return what the higher layers' loaders need, by slug or e-mail."""
    federation = _load_federation(changes)
    sectors = {
        spec["slug"]: changes.upsert(
            Sector,
            {"slug": spec["slug"]},
            {"name_ar": spec["name_ar"], "name_en": spec["name_en"], "position": 10 * n},
        )
        for n, spec in enumerate(data.SECTORS, start=1)
    }
    branches = {
        spec["slug"]: changes.upsert(
            Branch,
            {"slug": spec["slug"]},
            {key: value for key, value in spec.items() if key != "slug"},
        )
        for spec in data.BRANCHES
    }
    users = _load_accounts(changes)
    admin = users["admin@example.org"]
    organizations = {
        spec["slug"]: _load_organization(changes, spec, admin, sectors, branches)
        for spec in data.ORGANIZATIONS
    }
    _load_boards(changes, branches, organizations)
    for account in data.ACCOUNTS:
        if slug := account.get("organization"):
            changes.upsert(
                Affiliation,
                {"user": users[account["email"]], "organization": organizations[slug]},
                {"role": account["role"]},
            )
    people = _load_account_people(changes, users, organizations)
    people.update(_load_officers(changes, organizations))
    return {
        "federation": federation,
        "sectors": sectors,
        "branches": branches,
        "organizations": organizations,
        "users": users,
        "people": people,
    }


def _load_federation(changes):
    federation = Federation.objects.first() or Federation()
    created = federation.pk is None
    if assign(federation, data.FEDERATION) or created:
        federation.full_clean(exclude=["logo"])
        federation.save()
        changes.tally(federation, created)
    return federation


def _load_accounts(changes):
    users = {}
    for account in data.ACCOUNTS:
        email = account["email"]
        values = {"name": account["name"], "preferred_language": account["language"]}
        values["is_active"] = True
        if account["role"] == "admin":
            values.update(is_staff=True, is_superuser=True)
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User.objects.create_user(email, data.PASSWORD, **values)
            changes.tally(user, created=True)
        else:
            # An existing account keeps its row unless something differs, the password too.
            changed = assign(user, values)
            if not user.check_password(data.PASSWORD):
                user.set_password(data.PASSWORD)
                changed = True
            if changed:
                user.save()
                changes.tally(user, created=False)
        # allauth lets only verified addresses sign in.
        changes.upsert(
            EmailAddress, {"user": user, "email": email}, {"verified": True, "primary": True}
        )
        users[email] = user
    return users


def _load_organization(changes, spec, admin, sectors, branches):
    values = {field: spec.get(field, EMPTY.get(field, "")) for field in services.PROFILE_FIELDS}
    values["branch"] = branches.get(spec.get("branch"))
    wanted = [sectors[slug] for slug in spec["sectors"]]
    organization = Organization.objects.filter(slug=spec["slug"]).first()
    if organization is None:
        # Created in its starting status, then moved by the administrator: the history shows
        # both. Neither happens again on later runs.
        organization = services.organization_create(
            data={**values, "slug": spec["slug"]},
            status=spec["status"],
            user=admin,
            sectors=wanted,
        )
        for move in spec.get("moves", ()):
            services.organization_change_status(
                organization=organization, to_status=move["to"], user=admin, note=move["note"]
            )
        changes.tally(organization, created=True)
        return organization
    changed = assign(organization, values)
    if changed:
        organization.save()
    if set(organization.sectors.values_list("pk", flat=True)) != {s.pk for s in wanted}:
        organization.sectors.set(wanted)
        changed = True
    if changed:
        changes.tally(organization, created=False)
    return organization


def _load_boards(changes, branches, organizations):
    """Open seats for each active branch board; a seat someone already holds is kept."""
    for board in data.BOARDS:
        branch = branches[board["branch"]]
        seats = BoardSeat.objects.filter(branch=branch, term_end__isnull=True)
        wanted = [(board["chair"], BoardSeat.Role.CHAIR)]
        wanted += [(slug, BoardSeat.Role.MEMBER) for slug in board["members"]]
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
                term_start=data.BOARD_TERM_START,
            )
            seat.full_clean()
            seat.save()
            changes.tally(seat, created=True)


# People ---------------------------------------------------------------------------------------


def _upsert_person(changes, person, values):
    """Create the person with `values`, or change only what differs; `person` is the stored row
    or None. No `by`: the demo writes as the system itself."""
    if person is None:
        person = services.person_create(by=None, **values)
        changes.tally(person, created=True)
        return person
    changed = {field: value for field, value in values.items() if getattr(person, field) != value}
    if changed:
        person = services.person_update(by=None, person=person, **changed)
        changes.tally(person, created=False)
    return person


def _load_account_people(changes, users, organizations):
    """Each demo account's person, by e-mail. An account's person may predate it as a namesake
    without an account in the same organization (a delegate named at registration): that
    person becomes the account's rather than a second one."""
    people = {}
    for account in data.ACCOUNTS:
        email, name = account["email"], account["name"]
        user, organization = users[email], organizations.get(account.get("organization"))
        ar = account["language"] == "ar"
        field, other = ("name_ar", "name_en") if ar else ("name_en", "name_ar")
        values = {field: name, "organization": organization, "user": user}
        if "name_other" in account:
            values[other] = account["name_other"]
        person = Person.objects.filter(user=user).first()
        if person is None:
            person = Person.objects.filter(
                organization=organization, user__isnull=True, **{f"{field}__iexact": name}
            ).first()
        people[email] = _upsert_person(changes, person, values)
    return people


def _load_officers(changes, organizations):
    """The people the articles name, by key, and the offices they held at the convenings."""
    people = {}
    for spec in [*data.OFFICERS, *data.PEOPLE]:
        organization = organizations.get(spec.get("organization"))
        person = Person.objects.filter(
            name_ar=spec["name_ar"], organization=organization, user__isnull=True
        ).first()
        values = {
            "name_ar": spec["name_ar"],
            "name_en": spec["name_en"],
            "organization": organization,
        }
        people[spec["key"]] = person = _upsert_person(changes, person, values)
        if "office" in spec:
            _load_office(changes, person, spec["office"], organization)
    return people


def _load_office(changes, person, spec, organization):
    """The office, in the person's organization (none: the union itself), from its first day.
    A term later ended or handed over (in the admin) is kept as it is: only the titles are the
    demo's to restore."""
    body = {"kind": spec["kind"], "organization": organization}
    titles = {"title_ar": spec.get("title_ar", ""), "title_en": spec.get("title_en", "")}
    office = Office.objects.filter(
        person=person, branch=None, starts_on=spec["starts_on"], **body
    ).first()
    if office is None:
        office = services.office_assign(
            by=None, person=person, starts_on=spec["starts_on"], **body, **titles
        )
        changes.tally(office, created=True)
    elif any(getattr(office, field) != value for field, value in titles.items()):
        office = services.office_update(by=None, office=office, **titles)
        changes.tally(office, created=False)
    return office


# Output ---------------------------------------------------------------------------------------


def summary(federation):
    """One sentence on what the members demo holds."""
    slugs = [spec["slug"] for spec in data.ORGANIZATIONS]
    organizations = Organization.objects.filter(slug__in=slugs)
    members = organizations.filter(status__in=Organization.MEMBER_STATUSES).count()
    partners = organizations.filter(status=Organization.Status.PARTNER).count()
    chairs = BoardSeat.objects.current().chairs().filter(branch__is_active=True).count()
    officers = len(data.OFFICERS)
    return (
        f"Demo data for “{federation.name_en}” is in place: {len(data.SECTORS)} sectors, "
        f"{len(data.BRANCHES)} branches, {organizations.count()} organizations "
        f"({members} members, {partners} partners), a general secretariat of {chairs} "
        f"branch chairs, {officers} officers named in the articles with their offices, "
        f"{len(data.ACCOUNTS)} accounts."
    )


def accounts():
    """The demo accounts and their shared password, to print after loading."""
    described = []
    for account in data.ACCOUNTS:
        email, role = account["email"], account["role"]
        if role == "admin":
            described.append(f"{email} (administrator)")
        else:
            name = Organization.objects.get(slug=account["organization"]).name_en
            described.append(f"{email} ({role} of {name})")
    return f"Demo accounts (password: {data.PASSWORD}): " + ", ".join(described)
