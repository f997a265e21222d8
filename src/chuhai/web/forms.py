"""Posted forms: parsed once (asynchronously) and handed to synchronous page handlers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.datastructures import FormData
from starlette.datastructures import UploadFile  # the class form values have


async def posted_form(request: Request) -> AsyncIterator[FormData]:
    """The form, its uploaded files closed once the response is sent."""
    form = await request.form()
    try:
        yield form
    finally:
        await form.close()


PostedForm = Annotated[FormData, Depends(posted_form)]


def text_fields(form: FormData, names: tuple[str, ...]) -> dict[str, object]:
    """The named text fields (missing ones as empty strings), as the services read them."""
    return {name: _text(form.get(name)) for name in names}


def uploaded_file(form: FormData, name: str) -> UploadFile | None:
    value = form.get(name)
    return value if isinstance(value, UploadFile) and value.filename else None


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""
