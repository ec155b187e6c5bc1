"""The regional partner directory (bot/knowledge/data/partner_directory.yml), checked on load.

Which organisation stands behind each of the six partners differs per region, so it is data
a school edits, not code. A wrong partner key, a contact that is no mailbox, an account
named twice or an unknown field stops the service with a Dutch message that names the entry,
like the other knowledge. ``load_directory`` caches per folder.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from bot.knowledge.data_error import KnowledgeError
from bot.knowledge.fields import Fields, as_mapping, check_key
from bot.knowledge.model import PARTNER_KEYS
from bot.knowledge.yamlfile import read_yaml

DIRECTORY_FILE = "partner_directory.yml"
DEFAULT_DATA_DIR = Path(__file__).resolve().parent / "data"
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_ACCOUNT = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")


@dataclass(frozen=True)
class Organisation:
    """One organisation that can join a case as one of the six partners."""

    key: str
    partner: str
    name: str
    region: str
    contact: str
    offers: tuple[str, ...]
    accounts: tuple[str, ...]


@dataclass(frozen=True)
class Directory:
    """Every organisation by key, and which one each partner account belongs to."""

    organisations: Mapping[str, Organisation]

    def of_account(self, username: str) -> Organisation | None:
        for organisation in self.organisations.values():
            if username in organisation.accounts:
                return organisation
        return None

    def for_partner(self, partner: str) -> tuple[Organisation, ...]:
        return tuple(o for o in self.organisations.values() if o.partner == partner)


def load_directory(data_dir: Path | str | None = None) -> Directory:
    """The directory in ``data_dir`` (default: the package's data folder), loaded once per dir."""
    path = Path(data_dir) if data_dir is not None else DEFAULT_DATA_DIR
    return _load_cached(path.resolve())


def check_directory(data_dir: Path | str | None = None) -> Directory:
    """Read and check the file again without touching the loaded directory (KnowledgeError)."""
    path = Path(data_dir) if data_dir is not None else DEFAULT_DATA_DIR
    result: Directory = _load_cached.__wrapped__(path.resolve())
    return result


def clear_directory_cache() -> None:
    """Forget the loaded directory (after the file was edited in a running process)."""
    _load_cached.cache_clear()


@functools.lru_cache(maxsize=8)
def _load_cached(data_dir: Path) -> Directory:
    file = DIRECTORY_FILE
    fields = Fields(file, "het bestand", read_yaml(data_dir / file), ("organisations",))
    raw = as_mapping(file, "organisations", fields.raw("organisations"), "'organisations'")
    if not raw:
        fields.fail("er staat geen organisatie in 'organisations'.")
    organisations: dict[str, Organisation] = {}
    owner: dict[str, str] = {}
    for key, entry in raw.items():
        key = check_key(file, "organisations", key)
        organisation = _organisation(file, key, entry)
        for account in organisation.accounts:
            if account in owner:
                raise KnowledgeError(
                    file,
                    f"organisatie '{key}'",
                    f"het account '{account}' hoort al bij '{owner[account]}'."
                    " Een account hoort bij één organisatie.",
                )
            owner[account] = key
        organisations[key] = organisation
    return Directory(organisations=MappingProxyType(organisations))


def _organisation(file: str, key: str, entry: object) -> Organisation:
    fields = Fields(
        file,
        f"organisatie '{key}'",
        entry,
        ("partner", "name", "region", "contact", "offers", "accounts"),
    )
    partner = fields.text("partner")
    if partner not in PARTNER_KEYS:
        fields.fail(f"onbekende partner '{partner}'.", PARTNER_KEYS)
    contact = fields.text("contact")
    if not _EMAIL.match(contact):
        fields.fail(f"'{contact}' is geen mailadres. Schrijf de mailbox van het team.")
    accounts = fields.text_list("accounts")
    for account in accounts:
        if not _ACCOUNT.match(account):
            fields.fail(f"'{account}' is geen geldige inlognaam (kleine letters, cijfers, . _ -).")
    offers = fields.text_list("offers", required=True)
    if not offers:
        fields.fail("noem in 'offers' minstens één ding dat de organisatie biedt.")
    return Organisation(
        key=key,
        partner=partner,
        name=fields.text("name"),
        region=fields.text("region"),
        contact=contact,
        offers=offers,
        accounts=accounts,
    )
