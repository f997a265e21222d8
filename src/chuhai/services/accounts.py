"""Accounts: argon2 passwords, sign-in with a rate limit, and who may see or change what.

Access rules (one place, used by every interface):

- an enterprise user sees and edits only their own firm;
- service-centre staff and admins see and edit every firm, and create firms;
- a command-centre analyst sees every firm and edits none;
- only an admin deletes a firm or creates users.

>>> from datetime import UTC, datetime
>>> t = datetime(2026, 1, 1, tzinfo=UTC)
>>> owner = User(id=1, email="a@x.cn", display_name="A", role=Role.ENTERPRISE, firm_id=7,
...              created_at=t, updated_at=t)
>>> can_view_firm(owner, 7), can_view_firm(owner, 8), can_edit_firm(owner, 7)
(True, False, True)
"""

from __future__ import annotations

import dataclasses
import secrets
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from chuhai.errors import (
    ConflictError,
    Forbidden,
    InputError,
    InvalidCredentials,
    NotSignedIn,
    TooManyAttempts,
)
from chuhai.services.ports import UnitOfWork
from chuhai.services.records import Role, User, UserData

MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 10

# argon2-cffi's defaults (RFC 9106 low-memory profile); tests swap in a cheaper hasher.
PASSWORD_HASHER = PasswordHasher()
# Verified when the e-mail is unknown, so a wrong e-mail costs as long as a wrong password.
_DUMMY_HASH = PASSWORD_HASHER.hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    """An argon2id hash (salted, with its parameters) of ``password``."""
    return PASSWORD_HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether ``password`` matches ``password_hash``.

    >>> verify_password(hash_password("correct horse"), "correct horse")
    True
    """
    try:
        return PASSWORD_HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def normalise_email(email: str) -> str:
    """E-mails compare case-insensitively, without surrounding spaces.

    >>> normalise_email("  Li.Wei@Example.CN ")
    'li.wei@example.cn'
    """
    return email.strip().lower()


def sign_in(
    uow: UnitOfWork, *, email: str, password: str, ip: str, now: datetime | None = None
) -> User:
    """The user with these credentials; raises after ``MAX_FAILURES`` misses in the window.

    Failures are counted per e-mail and client address in the database, so the limit holds
    across workers and restarts.
    """
    now = now or datetime.now(UTC)
    email = normalise_email(email)
    with uow:
        failures = uow.login_attempts.count_failures(email=email, ip=ip, since=now - FAILURE_WINDOW)
        if failures >= MAX_FAILURES:
            minutes = int(FAILURE_WINDOW.total_seconds() // 60)
            raise TooManyAttempts(
                f"too many failed sign-ins; try again in {minutes} minutes", field="email"
            )
        user = uow.users.get_by_email(email)
        stored = uow.users.get_password_hash(user.id) if user else _DUMMY_HASH
        if user is None or not verify_password(stored, password) or not user.is_active:
            uow.login_attempts.add(email=email, ip=ip, succeeded=False, at=now)
            uow.commit()
            raise InvalidCredentials("wrong e-mail or password", field="password")
        uow.login_attempts.clear_failures(email=email, ip=ip)
        uow.login_attempts.add(email=email, ip=ip, succeeded=True, at=now)
        uow.users.record_sign_in(user.id, at=now, ip=ip)
        uow.commit()
        return user


def get_active_user(uow: UnitOfWork, user_id: int | None) -> User:
    """The signed-in user of a session; raises :class:`NotSignedIn` when there is none."""
    if user_id is None:
        raise NotSignedIn("sign in first")
    with uow:
        user = uow.users.get(user_id)
    if user is None or not user.is_active:
        raise NotSignedIn("sign in first")
    return user


def create_user(uow: UnitOfWork, actor: User | None, *, data: UserData, password: str) -> User:
    """A new account; only an admin (or the system, ``actor=None``) creates users."""
    if actor is not None and actor.role is not Role.ADMIN:
        raise Forbidden("only an admin creates users")
    _check_new_user(data, password)
    data = dataclasses.replace(data, email=normalise_email(data.email))
    with uow:
        if uow.users.get_by_email(data.email) is not None:
            raise ConflictError(f"a user with e-mail {data.email!r} exists", field="email")
        user = uow.users.add(data, password_hash=hash_password(password), actor=actor)
        uow.commit()
        return user


def _check_new_user(data: UserData, password: str) -> None:
    if "@" not in data.email:
        raise InputError("not an e-mail address", field="email")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InputError(
            f"a password needs at least {MIN_PASSWORD_LENGTH} characters", field="password"
        )
    if data.role is Role.ENTERPRISE and data.firm_id is None:
        raise InputError("an enterprise user belongs to a firm", field="firm_id")


def can_view_firm(user: User, firm_id: int) -> bool:
    return user.role.sees_all_firms or user.firm_id == firm_id


def can_edit_firm(user: User, firm_id: int) -> bool:
    if user.role in (Role.STAFF, Role.ADMIN):
        return True
    return user.role is Role.ENTERPRISE and user.firm_id == firm_id


def can_create_firm(user: User) -> bool:
    return user.role in (Role.STAFF, Role.ADMIN)


def can_delete_firm(user: User) -> bool:
    return user.role is Role.ADMIN


def require(allowed: bool, message: str) -> None:
    """Raise :class:`Forbidden` with ``message`` unless ``allowed``."""
    if not allowed:
        raise Forbidden(message)
