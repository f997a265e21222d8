"""User errors end the CLI with a clear message and exit code 2, never a traceback."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console

from chuhai.errors import ChuhaiError

USER_ERROR = 2


@contextmanager
def exit_on_user_error() -> Iterator[None]:
    try:
        yield
    except ChuhaiError as error:
        Console(stderr=True).print(f"[bold red]error[/]: {error}", highlight=False)
        sys.exit(USER_ERROR)
