"""User errors end the CLI with a clear message and exit code 2, never a traceback."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.markup import escape

from chuhai.errors import ChuhaiError

USER_ERROR = 2


@contextmanager
def exit_on_user_error() -> Iterator[None]:
    """Print a ``ChuhaiError`` (and each problem it lists) on stderr and exit with code 2."""
    try:
        yield
    except ChuhaiError as error:
        console = Console(stderr=True)
        console.print(f"[bold red]error[/]: {escape(str(error))}", highlight=False)
        for problem in getattr(error, "problems", ()):
            console.print(f"  {problem}", highlight=False, markup=False)
        sys.exit(USER_ERROR)
