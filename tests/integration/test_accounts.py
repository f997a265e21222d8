"""Accounts on SQLite and PostgreSQL: argon2, the login rate limit, and who may do what."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from tests.integration.api_client import TestClient, demo_login
from tests.integration.api_client import sign_in as api_sign_in

from chuhai.errors import Forbidden, InputError, InvalidCredentials, NotSignedIn, TooManyAttempts
from chuhai.services.accounts import (
    MAX_FAILURES,
    can_create_firm,
    can_delete_firm,
    can_edit_firm,
    can_view_firm,
    create_user,
    get_active_user,
    hash_password,
    sign_in,
    verify_password,
)
from chuhai.services.demo_data import DemoLoad
from chuhai.services.ports import UnitOfWork
from chuhai.services.records import Role, User, UserData

UowFactory = Callable[[], UnitOfWork]
NOW = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"


def _account(uow_factory: UowFactory, role: Role = Role.STAFF) -> User:
    data = UserData(email="Li.Wei@Example.CN", display_name="Li Wei", role=role)
    return create_user(uow_factory(), None, data=data, password=PASSWORD)


def test_passwords_are_argon2id_salted_hashes() -> None:
    first, second = hash_password(PASSWORD), hash_password(PASSWORD)
    assert first.startswith("$argon2id$")
    assert first != second  # salted
    assert verify_password(first, PASSWORD)
    assert not verify_password(first, PASSWORD + "!")
    assert not verify_password("not a hash", PASSWORD)


def test_sign_in_with_the_right_password(uow_factory: UowFactory) -> None:
    user = _account(uow_factory)
    assert user.email == "li.wei@example.cn"  # stored lower-case
    signed = sign_in(
        uow_factory(), email=" LI.WEI@example.cn", password=PASSWORD, ip="10.0.0.1", now=NOW
    )
    assert signed.id == user.id
    with uow_factory() as uow:
        stored = uow.users.get(user.id)
        (entry,) = uow.audit.list_entries(entity="user", entity_id=str(user.id), limit=1)
    assert stored is not None
    assert stored.last_login_at == NOW
    assert (entry.action, entry.actor_id) == ("sign_in", user.id)


def test_wrong_password_and_unknown_email_say_the_same(uow_factory: UowFactory) -> None:
    _account(uow_factory)
    with pytest.raises(InvalidCredentials) as wrong:
        sign_in(uow_factory(), email="li.wei@example.cn", password="nope", ip="10.0.0.1", now=NOW)
    with pytest.raises(InvalidCredentials) as unknown:
        sign_in(uow_factory(), email="nobody@example.cn", password="nope", ip="10.0.0.1", now=NOW)
    assert wrong.value.message == unknown.value.message


def test_the_sixth_try_within_15_minutes_is_refused_even_with_the_right_password(
    uow_factory: UowFactory,
) -> None:
    _account(uow_factory)
    email = "li.wei@example.cn"
    for minute in range(MAX_FAILURES):
        with pytest.raises(InvalidCredentials):
            sign_in(
                uow_factory(),
                email=email,
                password="guess",
                ip="10.0.0.1",
                now=NOW + timedelta(minutes=minute),
            )
    later = NOW + timedelta(minutes=MAX_FAILURES)
    with pytest.raises(TooManyAttempts):
        sign_in(uow_factory(), email=email, password=PASSWORD, ip="10.0.0.1", now=later)
    # Another address is counted apart; the window passes.
    assert sign_in(uow_factory(), email=email, password=PASSWORD, ip="10.0.0.2", now=later)
    still_inside = NOW + timedelta(minutes=14)  # the window slides: all 5 failures still count
    with pytest.raises(TooManyAttempts):
        sign_in(uow_factory(), email=email, password=PASSWORD, ip="10.0.0.1", now=still_inside)
    assert sign_in(
        uow_factory(),
        email=email,
        password=PASSWORD,
        ip="10.0.0.1",
        now=NOW + timedelta(minutes=20),
    )


def test_a_success_clears_the_failures(uow_factory: UowFactory) -> None:
    _account(uow_factory)
    email = "li.wei@example.cn"
    for _ in range(MAX_FAILURES - 1):
        with pytest.raises(InvalidCredentials):
            sign_in(uow_factory(), email=email, password="guess", ip="10.0.0.1", now=NOW)
    sign_in(uow_factory(), email=email, password=PASSWORD, ip="10.0.0.1", now=NOW)
    with pytest.raises(InvalidCredentials):  # not TooManyAttempts: the count restarted
        sign_in(uow_factory(), email=email, password="guess", ip="10.0.0.1", now=NOW)


def test_a_disabled_or_missing_user_is_not_signed_in(uow_factory: UowFactory) -> None:
    with pytest.raises(NotSignedIn):
        get_active_user(uow_factory(), None)
    with pytest.raises(NotSignedIn):
        get_active_user(uow_factory(), 999)


def test_only_an_admin_creates_users_with_sound_passwords(uow_factory: UowFactory) -> None:
    staff = _account(uow_factory)
    data = UserData(email="new@x.example", display_name="New", role=Role.ANALYST)
    with pytest.raises(Forbidden):
        create_user(uow_factory(), staff, data=data, password=PASSWORD)
    with pytest.raises(InputError) as short:
        create_user(uow_factory(), None, data=data, password="short")
    assert short.value.field == "password"
    orphan = UserData(email="e@x.example", display_name="E", role=Role.ENTERPRISE)
    with pytest.raises(InputError) as no_firm:
        create_user(uow_factory(), None, data=orphan, password=PASSWORD)
    assert no_firm.value.field == "firm_id"


def _user(role: Role, firm_id: int | None = None) -> User:
    return User(
        id=1, email="u@x.example", display_name="U", role=role, firm_id=firm_id,
        created_at=NOW, updated_at=NOW,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("role", "view_own", "view_other", "edit_own", "edit_other", "create", "delete"),
    [
        (Role.ENTERPRISE, True, False, True, False, False, False),
        (Role.STAFF, True, True, True, True, True, False),
        (Role.ANALYST, True, True, False, False, False, False),
        (Role.ADMIN, True, True, True, True, True, True),
    ],
)
def test_access_rules_per_role(
    role: Role,
    view_own: bool,
    view_other: bool,
    edit_own: bool,
    edit_other: bool,
    create: bool,
    delete: bool,
) -> None:
    user = _user(role, firm_id=1 if role is Role.ENTERPRISE else None)
    own = 1
    assert can_view_firm(user, own) is view_own
    assert can_view_firm(user, 2) is view_other
    assert can_edit_firm(user, own) is edit_own
    assert can_edit_firm(user, 2) is edit_other
    assert can_create_firm(user) is create
    assert can_delete_firm(user) is delete


# Expected status per role for each route, on the enterprise user's firm ("own") and another;
# in this order (the admin's DELETE comes last).
ROUTES = [
    ("GET", "/api/firms/{own}", {"enterprise": 200, "staff": 200, "analyst": 200, "admin": 200}),
    ("GET", "/api/firms/{other}", {"enterprise": 403, "staff": 200, "analyst": 200, "admin": 200}),
    (
        "GET",
        "/api/firms/{other}/products",
        {"enterprise": 403, "staff": 200, "analyst": 200, "admin": 200},
    ),
    ("PUT", "/api/firms/{own}", {"enterprise": 200, "staff": 200, "analyst": 403, "admin": 200}),
    ("PUT", "/api/firms/{other}", {"enterprise": 403, "staff": 200, "analyst": 403, "admin": 200}),
    (
        "POST",
        "/api/firms/{own}/products",
        {"enterprise": 201, "staff": 201, "analyst": 403, "admin": 201},
    ),
    (
        "POST",
        "/api/firms/{other}/products",
        {"enterprise": 403, "staff": 201, "analyst": 403, "admin": 201},
    ),
    ("POST", "/api/firms", {"enterprise": 403, "staff": 201, "analyst": 403, "admin": 201}),
    ("GET", "/firms/{other}", {"enterprise": 403, "staff": 200, "analyst": 200, "admin": 200}),
    (
        "GET",
        "/firms/{own}/products",
        {"enterprise": 200, "staff": 200, "analyst": 200, "admin": 200},
    ),
    (
        "DELETE",
        "/api/firms/{other}",
        {"enterprise": 403, "staff": 403, "analyst": 403, "admin": 204},
    ),
]
BODIES = {
    "/api/firms": {"name": "New Firm Ltd", "industry": "bags"},
    "/api/firms/{own}": {"city": "Jinjiang"},
    "/api/firms/{other}": {"city": "Jinjiang"},
    "/api/firms/{own}/products": {
        "sku": "N-1",
        "name": "N",
        "hs_code": "6601.99",
        "unit_cost": "1.00",
    },
    "/api/firms/{other}/products": {
        "sku": "N-1",
        "name": "N",
        "hs_code": "6601.99",
        "unit_cost": "1.00",
    },
}


@pytest.mark.parametrize("role", ["enterprise", "staff", "analyst", "admin"])
def test_access_rules_per_route(client: TestClient, demo: DemoLoad, role: str) -> None:
    api_sign_in(client, demo, role)
    email, _ = demo_login(demo, "enterprise")
    own = client.app.state.session_factory  # type: ignore[attr-defined]
    with own() as session:
        from sqlalchemy import select

        from chuhai.storage.tables import FirmRow, UserRow

        own_id = session.scalar(select(UserRow.firm_id).where(UserRow.email == email))
        other_id = session.scalar(select(FirmRow.id).where(FirmRow.id != own_id).limit(1))
    for method, template, expected in ROUTES:
        path = template.format(own=own_id, other=other_id)
        body = BODIES.get(template) if method in ("POST", "PUT") else None
        response = client.request(method, path, json=body)
        assert response.status_code == expected[role], f"{role} {method} {path}: {response.text}"
