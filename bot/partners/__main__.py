"""``python -m bot.partners``: the regional partner directory on the command line.

- ``list``: every organisation per partner, with region, contact point and accounts.
- ``check``: the file is valid (the same checks as at start-up), and every account it names
  exists in the database with the role ``partner``. Exit code 1 when something is wrong.
"""

from __future__ import annotations

import argparse
import sys

from bot.knowledge.data_error import KnowledgeError
from bot.knowledge.directory import Directory, clear_directory_cache, load_directory


def _list(directory: Directory) -> int:
    for organisation in directory.organisations.values():
        print(f"{organisation.key}  ({organisation.partner}, {organisation.region})")
        print(f"  {organisation.name}, contact: {organisation.contact}")
        for offer in organisation.offers:
            print(f"  biedt: {offer}")
        print(f"  accounts: {', '.join(organisation.accounts) or 'geen'}")
    return 0


def _check(directory: Directory) -> int:
    from bot.store.migrate import upgrade
    from bot.store.repository import repository_scope

    upgrade()
    problems = []
    with repository_scope() as repository:
        for organisation in directory.organisations.values():
            for username in organisation.accounts:
                account = repository.get_professional(username)
                if account is None:
                    problems.append(
                        f"{organisation.key}: het account '{username}' bestaat niet. Maak het met: "
                        f"python -m bot.accounts create {username} --rol partner"
                    )
                elif account.role != "partner":
                    problems.append(
                        f"{organisation.key}: het account '{username}' heeft de rol "
                        f"'{account.role}', niet 'partner'."
                    )
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    print(f"De lijst klopt: {len(directory.organisations)} organisaties.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot.partners",
        description="De partners in de regio (partner_directory.yml).",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="toon alle organisaties")
    commands.add_parser("check", help="controleer het bestand en de accounts")
    args = parser.parse_args(argv)
    clear_directory_cache()
    try:
        directory = load_directory()
    except KnowledgeError as problem:
        print(f"Niet gelukt: {problem}", file=sys.stderr)
        return 1
    return _list(directory) if args.command == "list" else _check(directory)


if __name__ == "__main__":
    sys.exit(main())
