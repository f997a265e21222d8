"""Every error chuhai raises on purpose, with a stable ``code`` for the API and the CLI.

The tree (each class also subclasses the built-in named in brackets)::

    ChuhaiError
    ├── InputError [ValueError]           bad user input; names the field (and row, file)
    │   ├── UnknownCountryError
    │   ├── UnknownCurrencyError
    │   ├── UnknownHSCodeError
    │   └── CurrencyMismatchError [TypeError too]
    ├── OutOfCoverage [LookupError]       a date or subject outside what a pack knows
    ├── RuleNotFoundError [LookupError]   no rule answers the question: never a silent zero
    ├── FXRateNotFoundError [LookupError] no exchange rate for that pair and date
    ├── DutyExpressionError [ValueError]  a rate text that cannot be parsed or evaluated
    ├── PackError [ValueError]            a rule pack that fails validation at load
    ├── ImportRejected [ValueError]       a file with bad rows: every problem listed, nothing written
    ├── NotFoundError [LookupError]       no such firm, product or user (HTTP 404)
    ├── ConflictError [ValueError]        a duplicate (an SKU, an e-mail) (HTTP 409)
    └── AccessError [PermissionError]
        ├── NotSignedIn                   no session (HTTP 401)
        ├── InvalidCredentials            wrong e-mail or password (HTTP 401)
        ├── TooManyAttempts               login rate limit reached (HTTP 429)
        └── Forbidden                     signed in, but not allowed (HTTP 403)

Interfaces map any ``ChuhaiError`` to a clean message (CLI exit code 2, HTTP 4xx);
anything else is a bug and keeps its traceback.
"""

from __future__ import annotations


class ChuhaiError(Exception):
    """Base of every deliberate chuhai error."""

    code = "chuhai_error"

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        row: int | None = None,
        file: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.row = row
        self.file = file

    def __str__(self) -> str:
        where = []
        if self.file is not None:
            where.append(f"file {self.file}")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.field is not None:
            where.append(f"field '{self.field}'")
        return f"{', '.join(where)}: {self.message}" if where else self.message

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready description for APIs and ``--json`` output."""
        return {
            "code": self.code,
            "message": self.message,
            "field": self.field,
            "row": self.row,
            "file": self.file,
        }


class InputError(ChuhaiError, ValueError):
    """The caller gave something chuhai cannot use."""

    code = "invalid_input"


class UnknownCountryError(InputError):
    code = "unknown_country"


class UnknownCurrencyError(InputError):
    code = "unknown_currency"


class UnknownHSCodeError(InputError):
    code = "unknown_hs_code"


class CurrencyMismatchError(InputError, TypeError):
    """Two amounts in different currencies were combined."""

    code = "currency_mismatch"


class OutOfCoverage(ChuhaiError, LookupError):
    """The question lies outside the dates (or subjects) a pack covers."""

    code = "out_of_coverage"


class RuleNotFoundError(ChuhaiError, LookupError):
    """No rule answers the question; chuhai refuses to assume zero."""

    code = "rule_not_found"


class FXRateNotFoundError(ChuhaiError, LookupError):
    code = "fx_rate_not_found"


class DutyExpressionError(ChuhaiError, ValueError):
    code = "duty_expression"


class PackError(ChuhaiError, ValueError):
    code = "invalid_pack"


class ImportRejected(ChuhaiError, ValueError):
    """A file import with bad rows; ``problems`` lists each (row, field, message)."""

    code = "import_rejected"

    def __init__(self, problems: list[ChuhaiError], *, file: str | None = None) -> None:
        count = len(problems)
        super().__init__(
            f"{count} problem{'s' if count != 1 else ''} found; nothing was imported", file=file
        )
        self.problems = problems

    def to_dict(self) -> dict[str, object]:
        return {**super().to_dict(), "problems": [p.to_dict() for p in self.problems]}


class NotFoundError(ChuhaiError, LookupError):
    code = "not_found"


class ConflictError(ChuhaiError, ValueError):
    code = "conflict"


class AccessError(ChuhaiError, PermissionError):
    """Who you are (or are not) does not allow this."""

    code = "access_denied"


class NotSignedIn(AccessError):
    code = "not_signed_in"


class InvalidCredentials(AccessError):
    code = "invalid_credentials"


class TooManyAttempts(AccessError):
    code = "too_many_attempts"


class Forbidden(AccessError):
    code = "forbidden"
