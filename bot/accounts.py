"""Accounts of professionals for the hand-over inbox (argon2-hashed passwords).

Create one::

    .venv/bin/python -m bot.accounts create anna --name "Anna de Vries"          # asks twice
    .venv/bin/python -m bot.accounts create kees --name "Kees" --beheerder   # sees the logboek
    printf '%s\\n' "$PASSWORD" | .venv/bin/python -m bot.accounts create anna \\
        --name "Anna de Vries" --password-stdin

The account goes into the database of ``DATABASE_URL`` (default ``var/bot.db``); the schema
is brought up to date first. Only the argon2id hash is stored.
"""

from __future__ import annotations

import argparse
import getpass
import re
import sys
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from bot.store.models import Professional
from bot.store.repository import repository_scope

MIN_PASSWORD = 12
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
_hasher = PasswordHasher()
# Verified against when the username is unknown, so both cases take the same time.
_DUMMY_HASH = _hasher.hash("geen-account-met-deze-naam")


@dataclass(frozen=True)
class Account:
    username: str
    display_name: str
    admin: bool = False  # a beheerder: may read and export the audit trail


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def create_account(
    username: str, password: str, display_name: str, *, admin: bool = False
) -> Account:
    """Store a new professional; ValueError for a bad name, short password or a duplicate."""
    username = username.strip().lower()
    if not USERNAME.match(username):
        raise ValueError("gebruikersnaam: 2-64 tekens, kleine letters, cijfers, . _ of -")
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"het wachtwoord moet minstens {MIN_PASSWORD} tekens hebben")
    display_name = display_name.strip() or username
    with repository_scope() as repository:
        if repository.get_professional(username) is not None:
            raise ValueError(f"er is al een account {username}")
        repository.add_professional(
            username,
            hash_password(password),
            display_name,
            role="beheerder" if admin else "medewerker",
        )
    return Account(username, display_name, admin)


def authenticate(username: str, password: str) -> Account | None:
    """The account when the password is right and the account is active, else None."""
    with repository_scope() as repository:
        professional = repository.get_professional(username.strip().lower())
        if professional is None:
            verify_password(_DUMMY_HASH, password)
            return None
        if not verify_password(professional.password_hash, password) or not professional.active:
            return None
        return _account(professional)


def _account(professional: Professional) -> Account:
    return Account(
        professional.username, professional.display_name, professional.role == "beheerder"
    )


def active_account(username: str) -> Account | None:
    """The account behind a session, if it still exists and is active."""
    with repository_scope() as repository:
        professional = repository.get_professional(username)
        if professional is None or not professional.active:
            return None
        return _account(professional)


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
    args = parser.parse_args(argv)

    from bot.store.migrate import upgrade

    upgrade()
    try:
        account = create_account(
            args.username, _read_password(args.password_stdin), args.name, admin=args.beheerder
        )
    except ValueError as problem:
        print(f"Niet gelukt: {problem}.", file=sys.stderr)
        return 1
    print(f"Account {account.username} ({account.display_name}) is gemaakt.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
