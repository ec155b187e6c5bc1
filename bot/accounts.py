"""Accounts of professionals for the hand-over inbox (argon2-hashed passwords).

Create one, give a new password, or lift a lock after too many wrong passwords::

    .venv/bin/python -m bot.accounts create anna --name "Anna de Vries"          # asks twice
    .venv/bin/python -m bot.accounts create kees --name "Kees" --beheerder   # sees the logboek
    printf '%s\\n' "$PASSWORD" | .venv/bin/python -m bot.accounts create anna \\
        --name "Anna de Vries" --password-stdin
    .venv/bin/python -m bot.accounts password anna                               # asks twice
    .venv/bin/python -m bot.accounts unlock anna

A password has at least 12 characters, is not only spaces or one repeated character, and
is not in ``bot/common_passwords.txt``. Logins are kept server-side (``inbox_sessions``):
logout ends one, a new password ends them all. After ``BOT_LOGIN_LOCK_AFTER`` (5) wrong
passwords in a row the account is locked for ``BOT_LOGIN_LOCK_SECONDS`` (900); a right
password resets the count.

The account goes into the database of ``DATABASE_URL`` (default ``var/bot.db``); the schema
is brought up to date first. Only the argon2id hash is stored.
"""

from __future__ import annotations

import argparse
import getpass
import hashlib
import os
import re
import secrets
import sys
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from bot.store.models import PROFESSIONAL_ROLES, Professional
from bot.store.repository import repository_scope
from bot.store.types import utcnow

MIN_PASSWORD = 12
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
_hasher = PasswordHasher()
# Verified against when the username is unknown, so both cases take the same time.
_DUMMY_HASH = _hasher.hash("geen-account-met-deze-naam")


COMMON_PASSWORDS = Path(__file__).resolve().parent / "common_passwords.txt"
LOCK_AFTER = 5
LOCK_SECONDS = 900


@dataclass(frozen=True)
class Account:
    username: str
    display_name: str
    role: str = "medewerker"  # one of bot.store.models.PROFESSIONAL_ROLES

    @property
    def admin(self) -> bool:
        """A beheerder: may read and export the audit trail."""
        return self.role == "beheerder"


class AccountLocked(Exception):
    """Too many wrong passwords in a row: no login for ``seconds`` more."""

    def __init__(self, seconds: int) -> None:
        super().__init__(f"locked for {seconds} s")
        self.seconds = seconds


def _env_int(name: str, default: int) -> int:
    try:
        return max(1, int(os.environ.get(name, "") or default))
    except ValueError:
        return default


def lock_after() -> int:
    return _env_int("BOT_LOGIN_LOCK_AFTER", LOCK_AFTER)


def lock_seconds() -> int:
    return _env_int("BOT_LOGIN_LOCK_SECONDS", LOCK_SECONDS)


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and line[0] != "#")


def password_problem(password: str) -> str | None:
    """Why a password is refused (Dutch, for the command line), or None when it is fine."""
    if len(password) < MIN_PASSWORD:
        return f"het wachtwoord moet minstens {MIN_PASSWORD} tekens hebben"
    if not password.strip() or len(set(password)) == 1:
        return "het wachtwoord mag niet alleen spaties of één teken zijn"
    if password.strip().lower() in common_passwords():
        return "dit wachtwoord staat in de lijst van veelgebruikte wachtwoorden"
    return None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def create_account(
    username: str,
    password: str,
    display_name: str,
    *,
    admin: bool = False,
    role: str | None = None,
) -> Account:
    """Store a new professional; ValueError for a bad name, short password or a duplicate.

    ``role`` is one of PROFESSIONAL_ROLES; ``admin=True`` is short for ``role="beheerder"``.
    """
    role = role or ("beheerder" if admin else "medewerker")
    if role not in PROFESSIONAL_ROLES:
        raise ValueError(f"rol: een van {', '.join(PROFESSIONAL_ROLES)}")
    username = username.strip().lower()
    if not USERNAME.match(username):
        raise ValueError("gebruikersnaam: 2-64 tekens, kleine letters, cijfers, . _ of -")
    problem = password_problem(password)
    if problem:
        raise ValueError(problem)
    display_name = display_name.strip() or username
    with repository_scope() as repository:
        if repository.get_professional(username) is not None:
            raise ValueError(f"er is al een account {username}")
        repository.add_professional(
            username,
            hash_password(password),
            display_name,
            role=role,
        )
    return Account(username, display_name, role)


def change_password(username: str, password: str) -> None:
    """A new password (same policy as a new account); every open session of the account ends."""
    problem = password_problem(password)
    if problem:
        raise ValueError(problem)
    with repository_scope() as repository:
        if repository.get_professional(username) is None:
            raise ValueError(f"er is geen account {username}")
        repository.set_password_hash(username, hash_password(password))


def unlock(username: str) -> bool:
    """An administrator lifts the lock (and the count of wrong passwords)."""
    with repository_scope() as repository:
        if repository.get_professional(username) is None:
            return False
        repository.reset_login_failures(username)
        return True


def authenticate(username: str, password: str) -> Account | None:
    """The account when the password is right and the account is active, else None.

    :class:`AccountLocked` while the account is locked (also for the right password).
    """
    locked_for = 0
    with repository_scope() as repository:
        professional = repository.get_professional(username.strip().lower())
        if professional is None:
            verify_password(_DUMMY_HASH, password)
            return None
        now = utcnow()
        if professional.locked_until is not None and professional.locked_until > now:
            locked_for = int((professional.locked_until - now).total_seconds()) + 1
        elif not verify_password(professional.password_hash, password) or not professional.active:
            until = now + timedelta(seconds=lock_seconds())
            failures = repository.record_login_failure(professional.username, lock_after(), until)
            if failures < lock_after():
                return None
            locked_for = lock_seconds()
        else:
            if professional.failed_logins:
                repository.reset_login_failures(professional.username)
            return _account(professional)
    # Raised after the transaction, so the count and the lock are kept.
    raise AccountLocked(locked_for)


def _account(professional: Professional) -> Account:
    return Account(professional.username, professional.display_name, professional.role)


def failed_logins(username: str) -> int:
    """Wrong passwords in a row for this account (0 for an unknown one): sets the backoff."""
    with repository_scope() as repository:
        professional = repository.get_professional(username.strip().lower())
        return int(professional.failed_logins or 0) if professional else 0


# -- server-side sessions ------------------------------------------------------------------


def _session_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogateescape")).hexdigest()


def start_session(username: str) -> str:
    """A new login: the random token for the cookie (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    with repository_scope() as repository:
        repository.add_inbox_session(_session_hash(token), username)
    return token


def session_account(token: str, max_age: int) -> Account | None:
    """The account of a login that was not ended, is not too old, and is still active."""
    with repository_scope() as repository:
        row = repository.inbox_session(_session_hash(token))
        if row is None or row.ended_at is not None:
            return None
        if (utcnow() - row.created_at).total_seconds() > max_age:
            return None
        professional = repository.get_professional(row.username)
        if professional is None or not professional.active:
            return None
        return _account(professional)


def end_session(token: str) -> None:
    """Logout: this cookie opens nothing any more, also when it is replayed."""
    with repository_scope() as repository:
        repository.end_inbox_sessions(session_hash=_session_hash(token))


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Wachtwoord: ")
    if first != getpass.getpass("Nog een keer: "):
        raise ValueError("de wachtwoorden zijn niet gelijk")
    return first


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot.accounts", description=__doc__.split("\n")[0]
    )
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create", help="maak een account voor een medewerker")
    create.add_argument("username")
    create.add_argument("--name", default="", help="naam zoals die in de inbox staat")
    create.add_argument(
        "--password-stdin", action="store_true", help="lees het wachtwoord van stdin"
    )
    create.add_argument(
        "--beheerder", action="store_true", help="mag het logboek (wie deed wat) zien"
    )
    create.add_argument(
        "--rol",
        choices=PROFESSIONAL_ROLES,
        help="medewerker (standaard), beheerder, kwaliteit (alleen het dashboard) of partner",
    )
    password = commands.add_parser("password", help="geef een account een nieuw wachtwoord")
    password.add_argument("username")
    password.add_argument(
        "--password-stdin", action="store_true", help="lees het wachtwoord van stdin"
    )
    unlocking = commands.add_parser("unlock", help="hef de blokkade na foute wachtwoorden op")
    unlocking.add_argument("username")
    args = parser.parse_args(argv)

    from bot.store.migrate import upgrade

    upgrade()
    try:
        if args.command == "unlock":
            if not unlock(args.username):
                raise ValueError(f"er is geen account {args.username}")
            print(f"Account {args.username} kan weer inloggen.")
            return 0
        if args.command == "password":
            change_password(args.username, _read_password(args.password_stdin))
            print(f"Het wachtwoord van {args.username} is veranderd; oude sessies zijn beëindigd.")
            return 0
        account = create_account(
            args.username,
            _read_password(args.password_stdin),
            args.name,
            admin=args.beheerder,
            role=args.rol,
        )
    except ValueError as problem:
        print(f"Niet gelukt: {problem}.", file=sys.stderr)
        return 1
    print(f"Account {account.username} ({account.display_name}) is gemaakt.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
