"""One database transaction per use case (cosmicpython's unit of work).

``with uow: ...; uow.commit()``: leaving the block without ``commit()`` (or by an
exception) rolls everything back, audit entries included.
"""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy.orm import Session, sessionmaker

from chuhai.storage.repositories import (
    SqlAuditRepository,
    SqlFirmRepository,
    SqlLoginAttemptRepository,
    SqlProductRepository,
    SqlUserRepository,
)
from chuhai.storage.repositories_command import (
    SqlCapacityRepository,
    SqlExportRepository,
    SqlLivestreamRepository,
)
from chuhai.storage.repositories_network import (
    SqlAssociationRepository,
    SqlBuyerRepository,
    SqlEventRepository,
    SqlMatchRepository,
    SqlRegistrationRepository,
)


class SqlUnitOfWork:
    """The SQLAlchemy :class:`chuhai.services.ports.UnitOfWork` (and the command centre's
    :class:`chuhai.services.command_ports.CommandUnitOfWork`)."""

    session: Session
    firms: SqlFirmRepository
    products: SqlProductRepository
    users: SqlUserRepository
    login_attempts: SqlLoginAttemptRepository
    audit: SqlAuditRepository
    exports: SqlExportRepository
    associations: SqlAssociationRepository
    buyers: SqlBuyerRepository
    events: SqlEventRepository
    registrations: SqlRegistrationRepository
    matches: SqlMatchRepository
    capacities: SqlCapacityRepository
    livestreams: SqlLivestreamRepository

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._session_factory = session_factory

    def __enter__(self) -> Self:
        self.session = self._session_factory()
        self.firms = SqlFirmRepository(self.session)
        self.products = SqlProductRepository(self.session)
        self.users = SqlUserRepository(self.session)
        self.login_attempts = SqlLoginAttemptRepository(self.session)
        self.audit = SqlAuditRepository(self.session)
        self._enter_command_centre()
        return self

    def _enter_command_centre(self) -> None:
        session = self.session
        self.exports = SqlExportRepository(session)
        self.associations = SqlAssociationRepository(session)
        self.buyers = SqlBuyerRepository(session)
        self.events = SqlEventRepository(session)
        self.registrations = SqlRegistrationRepository(session)
        self.matches = SqlMatchRepository(session)
        self.capacities = SqlCapacityRepository(session)
        self.livestreams = SqlLivestreamRepository(session)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.rollback()
        self.session.close()

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()
