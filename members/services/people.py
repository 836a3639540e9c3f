"""Writes for people and the offices they hold.

Offices are the federation's memory of who held what, when: a term that ends keeps its row.
`by` is the user acting; `None` is the system itself (the demo loader, a data import), which
no page can pass since a request always has a user, signed in or not.

Who may write offices: the secretariat, anywhere; an organization's coordinators, for that
organization's own offices only (not a branch's, not the federation's).
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from .. import roles
from ..errors import NotAllowed, Refused
from ..models import Affiliation, Branch, Office, Organization, Person, User

# Fields person_update() may change, and the service's defaults for them.
PERSON_FIELDS = ("name_ar", "name_en", "email", "phone", "contact_public", "organization", "user")

# The order offices are shown in, within one body.
KIND_ORDER = {
    kind: position
    for position, kind in enumerate(
        [
            Office.Kind.PRESIDENT,
            Office.Kind.SECRETARY_GENERAL,
            Office.Kind.EXECUTIVE_DIRECTOR,
            Office.Kind.TREASURER,
            Office.Kind.MEDIA_OFFICER,
            Office.Kind.BRANCH_CHAIR,
            Office.Kind.BOARD_MEMBER,
            Office.Kind.OTHER,
        ]
    )
}


is_coordinator = roles.is_coordinator


# The secretariat and the organization's coordinators manage its people.
may_manage_organization = roles.may_act_for
MANAGE_REFUSED = _lazy("Only the organization's coordinators or the secretariat manage its users.")


def may_write_office(
    user: User | None, *, organization: Organization | None, branch: Branch | None
) -> bool:
    if roles.is_secretariat(user):
        return True
    # Coordinators keep their own organization's offices; branch and federation offices are
    # the secretariat's.
    return branch is None and organization is not None and is_coordinator(user, organization)


# People --------------------------------------------------------------------------------------


def _check_may_write_person(by: User | None, person: Person) -> None:
    if by is None or roles.is_secretariat(by):
        return
    if person.user_id is not None and person.user_id == by.pk:
        return  # one's own person
    if person.user_id is None and is_coordinator(by, person.organization):
        return  # a colleague or delegate without an account, in one's own organization
    raise NotAllowed(_("You may not change this person's details."))


def _clean_person(person: Person) -> None:
    person.name_ar = (person.name_ar or "").strip()
    person.name_en = (person.name_en or "").strip()
    person.email = (person.email or "").strip().lower()
    person.phone = (person.phone or "").strip()
    if not (person.name_ar or person.name_en):
        raise Refused(_("Give the person's name in Arabic or in English."), code="name_required")
    if person.user_id is not None:
        taken = Person.objects.filter(user_id=person.user_id).exclude(pk=person.pk)
        if taken.exists():
            raise Refused(_("This account already has its person."), code="account_taken")
    try:
        person.full_clean(exclude=["name", "user"])
    except ValidationError as error:  # a malformed e-mail, a name too long
        raise Refused(" ".join(error.messages), code="invalid") from error


@transaction.atomic
def person_create(
    *,
    by: User | None,
    name_ar: str = "",
    name_en: str = "",
    user: User | None = None,
    organization: Organization | None = None,
    email: str = "",
    phone: str = "",
    contact_public: bool = False,
) -> Person:
    """A person, with or without an account. A user may create their own person; a
    coordinator, people without an account in their organization; the secretariat, anyone."""
    person = Person(
        name_ar=name_ar,
        name_en=name_en,
        user=user,
        organization=organization,
        email=email,
        phone=phone,
        contact_public=contact_public,
    )
    _check_may_write_person(by, person)
    if (
        by is not None
        and user is not None
        and organization is not None
        and not roles.is_secretariat(by)
        and not Affiliation.objects.filter(user=user, organization=organization).exists()
    ):
        raise NotAllowed(_("You may only name an organization you belong to."))
    _clean_person(person)
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError as error:  # the account got its person meanwhile
        raise Refused(_("This account already has its person."), code="account_taken") from error
    return person


@transaction.atomic
def person_update(*, by: User | None, person: Person, **changes) -> Person:
    """Change a person's name, contact or links. Only the secretariat links accounts, and a
    coordinator may only move a person into their own organization."""
    unknown = set(changes) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"person_update() got unexpected fields: {sorted(unknown)}")
    _check_may_write_person(by, person)
    secretariat = by is None or roles.is_secretariat(by)
    if "user" in changes and changes["user"] != person.user and not secretariat:
        raise NotAllowed(_("Only the secretariat links a person to an account."))
    organization = changes.get("organization", person.organization)
    if (
        organization is not None
        and organization != person.organization
        and not secretariat
        and not Affiliation.objects.filter(user=by, organization=organization).exists()
    ):
        raise NotAllowed(_("You may only name an organization you belong to."))
    for field, value in changes.items():
        setattr(person, field, value)
    _clean_person(person)
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError as error:  # the account got its person meanwhile
        raise Refused(_("This account already has its person."), code="account_taken") from error
    return person


def person_for_account(*, user: User, name: str, language: str) -> Person:
    """The account's person, created at sign-up with the name in the page's language."""
    field = "name_ar" if language.startswith("ar") else "name_en"
    return person_create(by=user, user=user, **{field: name})


# Offices -------------------------------------------------------------------------------------


def _body_filter(office: Office) -> dict:
    return {
        "kind": office.kind,
        "organization": office.organization,
        "branch": office.branch,
    }


def _one_holder_message() -> str:
    return _("This office has one holder at a time, and someone already holds it for that term.")


def _check_office(
    by: User | None,
    office: Office,
    *,
    was: Office | None = None,
    require_person: bool = True,
    ignoring: Iterable[int] = (),
) -> None:
    """Every rule an office must keep, on its new values; `was` is the stored row, if any;
    stored rows in `ignoring` are being changed too, and compared by the caller."""
    if office.kind not in Office.Kind.values:
        raise Refused(_("Unknown office."), code="unknown_kind")
    bodies = [(office.organization, office.branch)]
    if was is not None:  # moving an office out of a body needs the right to write there too
        bodies.append((was.organization, was.branch))
    for organization, branch in bodies:
        if by is not None and not may_write_office(by, organization=organization, branch=branch):
            raise NotAllowed(
                _(
                    "Only the secretariat, or the organization's coordinators for its own "
                    "offices, may record this office."
                )
            )
    if require_person and office.person_id is None:
        raise Refused(_("Name the person who holds the office."), code="person_required")
    if not isinstance(office.starts_on, datetime.date):
        raise Refused(_("Give the day the term starts."), code="start_required")
    if office.ends_on is not None and office.ends_on < office.starts_on:
        raise Refused(_("The term cannot end before it starts."), code="term_order")
    if office.kind == Office.Kind.BRANCH_CHAIR:
        if office.branch is None:
            raise Refused(
                _("A branch board chair chairs a branch: name it."), code="branch_required"
            )
        if office.organization is not None:
            raise Refused(
                _("A branch board chair's office belongs to the branch, not an organization."),
                code="one_body",
            )
    elif office.branch is not None:
        raise Refused(
            _("Only a branch board chair holds an office on a branch."), code="branch_not_allowed"
        )
    overlapping = (
        Office.objects.filter(**_body_filter(office))
        .overlapping(office.starts_on, office.ends_on)
        .exclude(pk=office.pk)
        .exclude(pk__in=list(ignoring))
    )
    if office.kind in Office.SINGLE_HOLDER:
        if overlapping.exists():
            raise Refused(_one_holder_message(), code="one_holder")
    elif overlapping.filter(person_id=office.person_id).exists():
        raise Refused(
            _("This person already holds this office for that term."), code="already_held"
        )


def _lock_body(office: Office) -> None:
    # Two secretaries recording a president at once: the second waits, then sees the first.
    if office.organization_id:
        Organization.objects.select_for_update().filter(pk=office.organization_id).first()
    elif office.branch_id:
        Branch.objects.select_for_update().filter(pk=office.branch_id).first()


def _save_office(office: Office) -> Office:
    try:
        with transaction.atomic():
            office.save()
    except IntegrityError as error:  # the partial unique constraints on open terms
        raise Refused(_one_holder_message(), code="one_holder") from error
    return office


def _stored(office: Office) -> Office | None:
    if office.pk is None:
        return None
    return Office.objects.select_related("organization", "branch").filter(pk=office.pk).first()


def office_check(
    *,
    by: User | None,
    office: Office,
    require_person: bool = True,
    ignoring: Iterable[int] = (),
) -> None:
    """Refuse as the services would, without saving: the admin's forms validate with this.

    An inline office of a person being created has no person yet (`require_person=False`);
    stored offices edited in the same submission are `ignoring`, the form compares them.
    """
    _check_office(by, office, was=_stored(office), require_person=require_person, ignoring=ignoring)


@transaction.atomic
def office_save(*, by: User | None, office: Office) -> Office:
    """Save an office built elsewhere (the admin's forms), new or changed, under the same
    rules as office_assign() and office_update()."""
    was = _stored(office)
    _lock_body(office)
    _check_office(by, office, was=was)
    return _save_office(office)


@transaction.atomic
def office_assign(
    *,
    by: User | None,
    person: Person,
    kind: str,
    organization: Organization | None = None,
    branch: Branch | None = None,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    title_ar: str = "",
    title_en: str = "",
) -> Office:
    """`person` holds office `kind` in `organization`, on `branch`'s board, or (neither) in the
    federation itself, from `starts_on` to `ends_on` (the last day; None: until it ends)."""
    office = Office(
        person=person,
        kind=kind,
        organization=organization,
        branch=branch,
        starts_on=starts_on,
        ends_on=ends_on,
        title_ar=title_ar,
        title_en=title_en,
    )
    return office_save(by=by, office=office)


OFFICE_FIELDS = (
    "person",
    "kind",
    "organization",
    "branch",
    "starts_on",
    "ends_on",
    "title_ar",
    "title_en",
)


@transaction.atomic
def office_update(*, by: User | None, office: Office, **changes) -> Office:
    """Correct a recorded office (the admin's edits); the same rules as office_assign()."""
    unknown = set(changes) - set(OFFICE_FIELDS)
    if unknown:
        raise TypeError(f"office_update() got unexpected fields: {sorted(unknown)}")
    if office.pk is None:
        raise TypeError("office_update() changes a stored office; use office_assign()")
    for field, value in changes.items():
        setattr(office, field, value)
    return office_save(by=by, office=office)


@transaction.atomic
def office_end(*, by: User | None, office: Office, ends_on: datetime.date) -> Office:
    """The term ends on `ends_on` (its last day). Nothing is deleted: the row is the history."""
    return office_update(by=by, office=office, ends_on=ends_on)


@transaction.atomic
def office_hand_over(
    *,
    by: User | None,
    kind: str,
    organization: Organization | None = None,
    branch: Branch | None = None,
    person: Person,
    on: datetime.date,
) -> Office:
    """`person` takes over a one-holder office on `on`: the holder's term ends the day before.

    A branch's seat on the general secretariat follows its board chair, so handing over a
    branch chair moves the seat on `on` too.
    """
    if kind not in Office.SINGLE_HOLDER:
        raise Refused(
            _("Only an office with one holder at a time is handed over."), code="not_single"
        )
    probe = Office(kind=kind, organization=organization, branch=branch)
    if by is not None and not may_write_office(by, organization=organization, branch=branch):
        raise NotAllowed(
            _(
                "Only the secretariat, or the organization's coordinators for its own offices, "
                "may record this office."
            )
        )
    _lock_body(probe)
    current = list(
        Office.objects.filter(**_body_filter(probe))
        .current(on)
        .select_related("organization", "branch")
    )
    for office in current:
        if office.person_id == person.pk:
            raise Refused(_("This person already holds this office."), code="already_held")
        if office.starts_on >= on:
            raise Refused(
                _("The current holder's term starts that day; correct it instead."),
                code="term_order",
            )
        office_end(by=by, office=office, ends_on=on - datetime.timedelta(days=1))
    return office_assign(
        by=by,
        person=person,
        kind=kind,
        organization=organization,
        branch=branch,
        starts_on=on,
    )
