"""The fictional cases for practice mode, kept as data in ``data/cases.yml``.

The file is validated when first loaded: a wrong key, partner or reason stops the load
with a Dutch message that names the case, like the other knowledge files.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.knowledge.data_error import KnowledgeError
from bot.knowledge.model import PARTNER_KEYS
from bot.knowledge.yamlfile import read_yaml
from bot.practice.role import Role, parse_role

CASES_FILE = Path(__file__).parent / "data" / "cases.yml"
MIN_CASES = 6
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
_FIELDS = {"key", "naam", "leeftijd", "situatie", "partners"}
# Optional: the partners the professional must first ask the young person's consent for.
_OPTIONAL = {"toestemming_voor", "rol"}
ROLE_CASES_MIN = 8  # cases with a role for the rehearsal


@dataclass(frozen=True)
class Case:
    """One fictional young person; ``partners`` maps partner key to the reason ("omdat …")."""

    key: str
    naam: str
    leeftijd: int
    situatie: str
    partners: Mapping[str, str]
    consent_for: tuple[str, ...] = ()
    role: Role | None = None

    @property
    def title(self) -> str:
        return f"{self.naam} ({self.leeftijd})"


def load_cases(path: Path | str | None = None) -> tuple[Case, ...]:
    """All cases in file order; KnowledgeError when the file is wrong."""
    return _load(Path(path) if path else CASES_FILE)


@lru_cache(maxsize=4)
def _load(path: Path) -> tuple[Case, ...]:
    data = read_yaml(path)
    file = path.name
    if not isinstance(data, list):
        raise KnowledgeError(file, None, "het bestand moet een lijst met casussen zijn.")
    cases: list[Case] = []
    for number, entry in enumerate(data, start=1):
        cases.append(_case(file, number, entry))
    keys = [case.key for case in cases]
    double = sorted({key for key in keys if keys.count(key) > 1})
    if double:
        raise KnowledgeError(file, None, f"deze key staat er twee keer: {', '.join(double)}.")
    if len(cases) < MIN_CASES:
        raise KnowledgeError(file, None, f"er moeten minstens {MIN_CASES} casussen zijn.")
    return tuple(cases)


def role_cases(path: Path | str | None = None) -> tuple[Case, ...]:
    """The cases that can be rehearsed (with a ``rol``); at least eight in the shipped file."""
    cases = tuple(case for case in load_cases(path) if case.role is not None)
    if path is None and len(cases) < ROLE_CASES_MIN:
        raise KnowledgeError(
            CASES_FILE.name, None, f"minstens {ROLE_CASES_MIN} casussen moeten een rol hebben."
        )
    return cases


def _case(file: str, number: int, entry: object) -> Case:
    where = f"casus {number}"
    if not isinstance(entry, dict):
        raise KnowledgeError(file, where, "een casus moet een blok met velden zijn.")
    where = f"casus {entry.get('key', number)}"
    missing = sorted(_FIELDS - set(entry))
    unknown = sorted(set(entry) - _FIELDS - _OPTIONAL)
    if missing:
        raise KnowledgeError(file, where, f"deze velden ontbreken: {', '.join(missing)}.")
    if unknown:
        raise KnowledgeError(
            file, where, f"onbekende velden: {', '.join(unknown)}.", sorted(_FIELDS | _OPTIONAL)
        )
    key, naam, leeftijd, situatie = (
        entry["key"],
        entry["naam"],
        entry["leeftijd"],
        entry["situatie"],
    )
    if not isinstance(key, str) or not _KEY.match(key):
        raise KnowledgeError(file, where, "key mag alleen kleine letters, cijfers en _ hebben.")
    if not isinstance(naam, str) or not naam.strip():
        raise KnowledgeError(file, where, "naam moet een voornaam zijn.")
    if isinstance(leeftijd, bool) or not isinstance(leeftijd, int) or not 12 <= leeftijd <= 40:
        raise KnowledgeError(file, where, "leeftijd moet een getal van 12 tot en met 40 zijn.")
    if not isinstance(situatie, str) or len(situatie.split()) < 10:
        raise KnowledgeError(file, where, "situatie moet een paar zinnen zijn.")
    partners = entry["partners"]
    if not isinstance(partners, dict) or not partners:
        raise KnowledgeError(file, where, "partners moet minstens één partner met reden hebben.")
    for partner, reason in partners.items():
        if partner not in PARTNER_KEYS:
            raise KnowledgeError(file, where, f"onbekende partner '{partner}'.", PARTNER_KEYS)
        if not isinstance(reason, str) or not reason.startswith("omdat "):
            raise KnowledgeError(
                file, where, f"de reden bij '{partner}' moet beginnen met 'omdat'."
            )
    consent_for = entry.get("toestemming_voor") or []
    if not isinstance(consent_for, list) or any(p not in partners for p in consent_for):
        raise KnowledgeError(
            file, where, "toestemming_voor is een lijst met partners uit 'partners'.", partners
        )
    role = parse_role(file, where, entry["rol"]) if "rol" in entry else None
    return Case(
        role=role,
        consent_for=tuple(consent_for),
        key=key,
        naam=naam.strip(),
        leeftijd=leeftijd,
        situatie=" ".join(situatie.split()),
        partners=dict(partners),
    )


def find_case(text: str, cases: tuple[Case, ...] | None = None) -> Case | None:
    """The case a user means: its key, its first name, or its number in the list."""
    cases = cases if cases is not None else load_cases()
    words = re.findall(r"[a-z0-9_]+", text.lower())
    for case in cases:
        if case.key in words or case.naam.lower() in words:
            return case
    numbers = [int(word) for word in words if word.isdigit()]
    if len(numbers) == 1 and 1 <= numbers[0] <= len(cases):
        return cases[numbers[0] - 1]
    return None
