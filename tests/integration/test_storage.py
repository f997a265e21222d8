"""Storage on SQLite and PostgreSQL: migrations, repositories, unit of work, money, audit."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from chuhai.domain.money import Money
from chuhai.errors import ConflictError, NotFoundError
from chuhai.services.ports import UnitOfWork
from chuhai.services.products import parse_product
from chuhai.services.records import FirmData, Industry, Role, User, UserData
from chuhai.storage.migrations import current_revision, head_revision, upgrade_to_head
from chuhai.storage.tables import Base, LoginAttemptRow

UowFactory = Callable[[], UnitOfWork]


def _firm(uow_factory: UowFactory, name: str = "Test Umbrella Co.") -> int:
    with uow_factory() as uow:
        firm = uow.firms.add(FirmData(name=name, industry=Industry.UMBRELLAS), actor=None)
        uow.commit()
        return firm.id


def _user(uow_factory: UowFactory, firm_id: int | None = None) -> User:
    data = UserData(email="a@x.example", display_name="A", role=Role.STAFF, firm_id=firm_id)
    with uow_factory() as uow:
        user = uow.users.add(data, password_hash="not-a-hash", actor=None)
        uow.commit()
        return user


def _product(sku: str = "UMB-1", cost: str = "38.50", currency: str = "CNY") -> dict[str, str]:
    return {
        "sku": sku,
        "name": "Umbrella",
        "hs_code": "6601.99",
        "unit_cost": cost,
        "currency": currency,
    }


def test_migrations_reach_head_and_match_the_tables(engine: Engine) -> None:
    assert current_revision(engine) == head_revision() == "0002"
    upgrade_to_head(engine)  # a second run is a no-op
    tables = set(inspect(engine).get_table_names())
    assert {"firms", "users", "products", "audit_log", "login_attempts"} <= tables
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_money_columns_are_bigint_minor_units_and_char3(engine: Engine) -> None:
    columns = {c["name"]: c for c in inspect(engine).get_columns("products")}
    assert "BIGINT" in str(columns["unit_cost_amount_minor"]["type"]).upper()
    assert "CHAR(3)" in str(columns["currency"]["type"]).upper()


@pytest.mark.parametrize(
    ("cost", "currency", "minor"),
    [
        ("38.50", "CNY", 3850),
        ("1999", "JPY", 1999),
        ("12.345", "KWD", 12345),
        # Past 2**53: a float or a SQLite REAL would lose the last unit.
        ("90071992547409.93", "CNY", 9_007_199_254_740_993),
    ],
)
def test_money_round_trips_exactly(
    uow_factory: UowFactory, engine: Engine, cost: str, currency: str, minor: int
) -> None:
    firm_id = _firm(uow_factory)
    with uow_factory() as uow:
        product = uow.products.add(
            firm_id, parse_product(_product(cost=cost, currency=currency)), actor=None
        )
        uow.commit()
    with uow_factory() as uow:
        stored = uow.products.get(product.id)
    assert stored is not None
    assert stored.unit_cost == Money(cost, currency)
    with engine.connect() as connection:
        raw = connection.execute(
            text("SELECT unit_cost_amount_minor, currency FROM products WHERE id = :id"),
            {"id": product.id},
        ).one()
    assert (raw[0], raw[1].strip()) == (minor, currency)


def test_repositories_add_get_list_update_delete(uow_factory: UowFactory) -> None:
    firm_id = _firm(uow_factory)
    other_id = _firm(uow_factory, "Other Shoes Ltd")
    with uow_factory() as uow:
        first = uow.products.add(firm_id, parse_product(_product("B-2")), actor=None)
        uow.products.add(firm_id, parse_product(_product("A-1")), actor=None)
        uow.products.add(other_id, parse_product(_product("A-1")), actor=None)
        uow.commit()
    with uow_factory() as uow:
        assert [p.sku for p in uow.products.list_for_firm(firm_id)] == ["A-1", "B-2"]
        assert [f.name for f in uow.firms.list_firms(ids=[other_id])] == ["Other Shoes Ltd"]
        changed = parse_product({**_product("B-2"), "name": "Golf umbrella"})
        assert uow.products.update(first.id, changed, actor=None).name == "Golf umbrella"
        uow.products.delete(first.id, actor=None)
        uow.commit()
    with uow_factory() as uow:
        assert uow.products.get(first.id) is None
        assert uow.products.get_by_sku(firm_id, "A-1") is not None
        with pytest.raises(NotFoundError):
            uow.products.delete(first.id, actor=None)


def test_a_duplicate_sku_in_one_firm_is_a_conflict(uow_factory: UowFactory) -> None:
    firm_id = _firm(uow_factory)
    with uow_factory() as uow:
        uow.products.add(firm_id, parse_product(_product("DUP")), actor=None)
        with pytest.raises(ConflictError) as caught:
            uow.products.add(firm_id, parse_product(_product("DUP")), actor=None)
    assert caught.value.field == "sku"


def test_leaving_the_unit_of_work_without_commit_rolls_back(uow_factory: UowFactory) -> None:
    firm_id = _firm(uow_factory)
    with uow_factory() as uow:
        uow.products.add(firm_id, parse_product(_product("GONE")), actor=None)

    def fail_after_a_write() -> None:
        with uow_factory() as uow:
            uow.products.add(firm_id, parse_product(_product("ALSO-GONE")), actor=None)
            raise RuntimeError("something failed after the write")

    with pytest.raises(RuntimeError):
        fail_after_a_write()
    with uow_factory() as uow:
        assert uow.products.list_for_firm(firm_id) == []
        entities = [e.entity for e in uow.audit.list_entries()]
    assert entities == ["firm"], "the rolled-back writes left no audit entry either"


def test_every_write_records_who_changed_what(uow_factory: UowFactory) -> None:
    actor = _user(uow_factory)
    firm_id = _firm(uow_factory)
    with uow_factory() as uow:
        product = uow.products.add(firm_id, parse_product(_product()), actor=actor)
        uow.products.update(
            product.id, parse_product({**_product(), "unit_cost": "40.00"}), actor=actor
        )
        uow.products.delete(product.id, actor=actor)
        uow.commit()
    with uow_factory() as uow:
        entries = uow.audit.list_entries(entity="product", entity_id=str(product.id))
    assert [e.action for e in entries] == ["delete", "update", "create"]
    deleted, updated, created = entries
    assert created.actor_email == actor.email
    assert created.actor_id == actor.id
    assert created.before is None
    assert created.after is not None
    assert created.after["unit_cost"] == {"amount": "38.50", "currency": "CNY"}
    assert updated.before is not None
    assert updated.after is not None
    assert updated.before["unit_cost"]["amount"] == "38.50"
    assert updated.after["unit_cost"]["amount"] == "40.00"
    assert deleted.after is None
    assert deleted.before is not None
    for entry in entries:
        assert entry.created_at.tzinfo is not None
        assert entry.created_at.utcoffset() == timedelta(0)
        assert abs(datetime.now(UTC) - entry.created_at) < timedelta(minutes=5)


def test_system_writes_are_audited_as_system(uow_factory: UowFactory) -> None:
    _firm(uow_factory)
    with uow_factory() as uow:
        (entry,) = uow.audit.list_entries(entity="firm")
    assert (entry.actor_id, entry.actor_email, entry.action) == (None, "system", "create")


def test_timestamps_are_utc_aware_and_naive_ones_are_refused(uow_factory: UowFactory) -> None:
    firm_id = _firm(uow_factory)
    with uow_factory() as uow:
        firm = uow.firms.get(firm_id)
        assert firm is not None
        assert firm.created_at.tzinfo is not None
        assert firm.updated_at.utcoffset() == timedelta(0)
    with uow_factory() as uow, pytest.raises(Exception, match="naive datetime"):
        uow.login_attempts.add(
            email="x@y.example",
            ip="127.0.0.1",
            succeeded=False,
            at=datetime(2026, 1, 1),  # noqa: DTZ001 - the point of the test
        )


def test_login_attempts_count_failures_in_a_window(uow_factory: UowFactory) -> None:
    now = datetime.now(UTC)
    with uow_factory() as uow:
        for minutes in (1, 5, 20):
            uow.login_attempts.add(
                email="a@x.example",
                ip="10.0.0.1",
                succeeded=False,
                at=now - timedelta(minutes=minutes),
            )
        uow.login_attempts.add(email="a@x.example", ip="10.0.0.2", succeeded=False, at=now)
        uow.commit()
    with uow_factory() as uow:
        since = now - timedelta(minutes=15)
        assert (
            uow.login_attempts.count_failures(email="a@x.example", ip="10.0.0.1", since=since) == 2
        )
        uow.login_attempts.clear_failures(email="a@x.example", ip="10.0.0.1")
        uow.commit()
    with uow_factory() as uow:
        assert (
            uow.login_attempts.count_failures(email="a@x.example", ip="10.0.0.1", since=since) == 0
        )
        assert (
            uow.login_attempts.count_failures(email="a@x.example", ip="10.0.0.2", since=since) == 1
        )


def test_deleting_a_firm_deletes_its_products_and_frees_its_users(uow_factory: UowFactory) -> None:
    firm_id = _firm(uow_factory)
    user = _user(uow_factory, firm_id)
    with uow_factory() as uow:
        uow.products.add(firm_id, parse_product(_product()), actor=None)
        uow.firms.delete(firm_id, actor=None)
        uow.commit()
    with uow_factory() as uow:
        assert uow.firms.get(firm_id) is None
        assert uow.products.list_for_firm(firm_id) == []
        stored = uow.users.get(user.id)
        assert stored is not None
        assert stored.firm_id is None


def test_each_database_gets_its_connection_settings(engine: Engine) -> None:
    """PostgreSQL: the tables live in the test's own schema. SQLite: foreign keys are on."""
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            schema = connection.execute(text("SELECT current_schema()")).scalar_one()
            assert schema.startswith("chuhai_test_")
            assert LoginAttemptRow.__tablename__ in inspect(engine).get_table_names(schema=schema)
        else:
            assert connection.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
