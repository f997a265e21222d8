"""The command centre's unit of work as a FastAPI dependency."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from chuhai.services.command_ports import CommandUnitOfWork
from chuhai.storage.unit_of_work import SqlUnitOfWork


def get_command_uow(request: Request) -> CommandUnitOfWork:
    """A fresh unit of work with the command centre's repositories as well."""
    return SqlUnitOfWork(request.app.state.session_factory)


CommandUow = Annotated[CommandUnitOfWork, Depends(get_command_uow)]
