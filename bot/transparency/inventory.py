"""The data inventory: every table and column of the store, what it holds and how it is kept.

The description is written once, here, next to nothing else; :func:`undescribed` compares it
with the SQLAlchemy models (``bot.store.models``), so a column added to a model without its
line here fails a test (``tests/transparency/test_inventory.py``). Retention comes from the
running settings (``RETENTION_*``, ``PRACTICE_RETENTION_HOURS``), readers from the roles of
the inbox (``PROFESSIONAL_ROLES``).

Per column: ``personal`` is ``ja`` (about a person), ``indirect`` (a code or a time that links
to a person) or ``nee``; ``protection`` says how it rests: ``gemaskeerd`` (personal data in
free text replaced by placeholders before storage, :mod:`bot.privacy`), ``hash`` (only a
one-way hash), ``pseudoniem`` (a random code), ``leesbaar`` (as written). The application
encrypts one value itself, the pre-intake's contact answer (:mod:`bot.store.sealed`);
encryption of the rest is the database's or the disk's (see the DPIA input).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import MetaData

from bot.store.models import Base
from bot.transparency.blocks import Document
from bot.transparency.facts import Facts


@dataclass(frozen=True)
class Col:
    personal: str  # ja | indirect | nee
    protection: str  # gemaskeerd | hash | pseudoniem | leesbaar | -
    what: str


@dataclass(frozen=True)
class TableInfo:
    about: str
    retention: str  # a key of :func:`retention_texts`
    readers: str
    columns: Mapping[str, Col]


NO = Col("nee", "-", "technisch of een vaste waarde")
ID = Col("nee", "-", "volgnummer")
CONV = Col("indirect", "pseudoniem", "gesprekscode (willekeurig, geen naam)")
WHEN = Col("indirect", "leesbaar", "tijdstip")
STAFF = Col("ja", "leesbaar", "accountnaam van een medewerker")

CASE_READERS = "medewerker, beheerder; partner alleen met toestemming van de jongere"

INVENTORY: dict[str, TableInfo] = {
    "conversations": TableInfo(
        "Eén gesprek: soort gesprek, rol, oefenen, toestemming.",
        "gesprek",
        "medewerker, beheerder; kwaliteit alleen als totalen",
        {
            "id": CONV,
            "mode": NO,
            "role": Col("nee", "-", "wie praat (jongere, ouder, professional, samen, aanmelder)"),
            "practice": NO,
            "consent": Col("ja", "leesbaar", "toestemming gegeven (ja/nee)"),
            "parent_consent": Col("ja", "leesbaar", "toestemming ouder bevestigd (onder 16)"),
            "consent_by": Col(
                "ja",
                "leesbaar",
                "wie toestemming gaf (jongere, ouder, via_ouder, via_professional)",
            ),
            "answered_parts": Col("nee", "-", "welke delen antwoorden hebben (dashboard)"),
            "reached_points": Col("nee", "-", "welke beslispunten bereikt zijn (dashboard)"),
            "created_at": WHEN,
            "updated_at": WHEN,
        },
    ),
    "answers": TableInfo(
        "Het antwoord op elke vraag: vaste waarde en de eigen woorden.",
        "gesprek",
        f"{CASE_READERS}; kwaliteit alleen als totalen",
        {
            "id": ID,
            "conversation_id": CONV,
            "question": NO,
            "value": Col(
                "ja",
                "leesbaar; contact versleuteld",
                "vaste waarde (zoals leeftijd, school, ondersteuning); bij de vraag 'contact' "
                "van de pre-intake en de vraag 'bereikbaar' (een jongere of ouder alleen) de "
                "contactgegevens zelf, met opzet gevraagd, versleuteld opgeslagen en alleen "
                "leesbaar voor het team van de overdracht",
            ),
            "text_masked": Col("ja", "gemaskeerd", "de eigen woorden van de gebruiker"),
            "answered_by": NO,
            "answered_at": WHEN,
            "revision": NO,
            "confirmed_at": Col("indirect", "leesbaar", "wanneer de gebruiker het nakeek"),
            "corrected_by": STAFF,
        },
    ),
    "answer_revisions": TableInfo(
        "Eerdere waarden van een antwoord, na een correctie door de gebruiker of een medewerker.",
        "gesprek",
        CASE_READERS,
        {
            "id": ID,
            "conversation_id": CONV,
            "question": NO,
            "revision": NO,
            "value": Col(
                "ja", "leesbaar; contact versleuteld", "de eerdere vaste waarde van het antwoord"
            ),
            "text_masked": Col("ja", "gemaskeerd", "de eerdere eigen woorden"),
            "answered_by": NO,
            "answered_at": WHEN,
            "replaced_at": WHEN,
        },
    ),
    "notes": TableInfo(
        "Notities voor de medewerker: vragen die de assistent doorgaf en feiten terloops genoemd.",
        "gesprek",
        "medewerker, beheerder (nooit een partner)",
        {
            "id": ID,
            "conversation_id": CONV,
            "kind": NO,
            "text_masked": Col("ja", "gemaskeerd", "de vraag of het feit in eigen woorden"),
            "created_at": WHEN,
        },
    ),
    "handovers": TableInfo(
        "Een overdracht aan een mens: samenvatting, besluit, wie besliste.",
        "gesprek",
        f"{CASE_READERS}; kwaliteit alleen als totalen",
        {
            "id": ID,
            "conversation_id": CONV,
            "decision_point": NO,
            "summary": Col("ja", "gemaskeerd", "samenvatting van de antwoorden"),
            "status": NO,
            "decision": Col("ja", "leesbaar", "het besluit van de medewerker"),
            "note": Col("ja", "leesbaar", "notitie van de medewerker bij het besluit"),
            "decided_by": STAFF,
            "taken_by": STAFF,
            "created_at": WHEN,
            "taken_at": WHEN,
            "decided_at": WHEN,
            "request_key": NO,
            "team": NO,
            "reminded_at": WHEN,
            "label_masked": Col("ja", "gemaskeerd", "label van de medewerker in de lijst"),
        },
    ),
    "suggestions": TableInfo(
        "Een voorgestelde partner met de reden en de regel.",
        "gesprek",
        f"{CASE_READERS}; kwaliteit alleen als totalen",
        {
            "id": ID,
            "conversation_id": CONV,
            "handover_id": NO,
            "decision_point": NO,
            "partner": Col("ja", "leesbaar", "voorgestelde partner (afgeleid uit de antwoorden)"),
            "reason": Col("ja", "leesbaar", "reden ('omdat ...') uit de regels"),
            "rule_id": NO,
            "created_at": WHEN,
        },
    ),
    "messages": TableInfo(
        "Berichten tijdens een overdracht (jongere en medewerker).",
        "gesprek",
        "medewerker, beheerder",
        {
            "id": ID,
            "conversation_id": CONV,
            "handover_id": NO,
            "sender": NO,
            "text": Col("ja", "gemaskeerd", "tekst van jongere of medewerker"),
            "created_at": WHEN,
        },
    ),
    "notifications": TableInfo(
        "Meldingen aan een team over een overdracht (zonder inhoud van het gesprek).",
        "gesprek",
        "systeem; medewerker ziet alleen of versturen mislukte",
        {
            "id": ID,
            "handover_id": NO,
            "team": NO,
            "channel": NO,
            "kind": NO,
            "recipient": STAFF,
            "status": NO,
            "attempts": NO,
            "next_attempt_at": NO,
            "last_error": NO,
            "created_at": NO,
            "sent_at": NO,
        },
    ),
    "feedback": TableInfo(
        "Het antwoord op 'heeft dit gesprek je geholpen?', met een opmerking.",
        "gesprek",
        "medewerker, beheerder; kwaliteit alleen als totalen",
        {
            "id": ID,
            "conversation_id": CONV,
            "answer": NO,
            "comment": Col("ja", "gemaskeerd", "opmerking van de gebruiker"),
            "created_at": WHEN,
        },
    ),
    "professionals": TableInfo(
        "Accounts van medewerkers en partners.",
        "account",
        "beheer via de opdrachtregel op de server; de medewerker zelf bij het inloggen",
        {
            "id": ID,
            "username": STAFF,
            "password_hash": Col("ja", "hash", "wachtwoord, alleen als Argon2-hash"),
            "display_name": Col("ja", "leesbaar", "naam van de medewerker"),
            "created_at": WHEN,
            "active": NO,
            "role": NO,
            "failed_logins": Col("indirect", "leesbaar", "aantal foute wachtwoorden op rij"),
            "locked_until": WHEN,
        },
    ),
    "audit_events": TableInfo(
        "Logboek: wie bekeek, besliste, exporteerde of wiste welk gesprek (nooit tekst).",
        "logboek",
        "beheerder",
        {
            "id": ID,
            "at": WHEN,
            "actor": STAFF,
            "action": NO,
            "via": NO,
            "conversation_id": CONV,
            "handover_id": NO,
        },
    ),
    "inbox_sessions": TableInfo(
        "Inlogsessies van de inbox.",
        "sessie",
        "systeem",
        {
            "id": Col("indirect", "hash", "SHA-256 van het sessietoken"),
            "username": STAFF,
            "created_at": WHEN,
            "ended_at": WHEN,
        },
    ),
    "partner_invitations": TableInfo(
        "Een partnerorganisatie gevraagd om mee te kijken, met het antwoord van de jongere.",
        "gesprek",
        CASE_READERS,
        {
            "id": ID,
            "conversation_id": CONV,
            "handover_id": NO,
            "partner": NO,
            "organisation": NO,
            "reason": Col("ja", "leesbaar", "reden waarom de partner erbij komt"),
            "invited_by": STAFF,
            "invited_at": WHEN,
            "status": Col(
                "ja", "leesbaar", "toestemming van de jongere (gevraagd, ja, nee, ingetrokken)"
            ),
            "answered_at": WHEN,
            "withdrawn_at": WHEN,
            "parent_confirmed_by": STAFF,
            "parent_confirmed_at": WHEN,
        },
    ),
    "partner_contributions": TableInfo(
        "Wat een partner adviseert, biedt en nodig heeft.",
        "gesprek",
        CASE_READERS,
        {
            "id": ID,
            "conversation_id": CONV,
            "invitation_id": NO,
            "organisation": NO,
            "author": STAFF,
            "advice": Col(
                "ja", "leesbaar", "advies van de partner (door een professional geschreven)"
            ),
            "offer": Col("ja", "leesbaar", "wat de partner kan bieden"),
            "needs": Col("ja", "leesbaar", "wat de partner van anderen nodig heeft"),
            "created_at": WHEN,
        },
    ),
    "decision_participants": TableInfo(
        "Wie meedeed aan een besluit en wiens advies het volgt.",
        "gesprek",
        CASE_READERS,
        {
            "id": ID,
            "handover_id": NO,
            "conversation_id": CONV,
            "participants": Col("nee", "leesbaar", "organisaties (geen personen)"),
            "follows": NO,
            "created_at": WHEN,
        },
    ),
    "decision_partners": TableInfo(
        "Welke partners een besluit noemt, voor de totalen op het dashboard.",
        "gesprek",
        "kwaliteit alleen als totalen",
        {
            "handover_id": NO,
            "partner": Col("nee", "-", "organisatie die het besluit noemt (geen persoon)"),
            "conversation_id": CONV,
        },
    ),
    "dashboard_partners": TableInfo(
        "Hoe vaak een partner voorgesteld en in besluiten genoemd is, voor het dashboard.",
        "gesprek",
        "kwaliteit alleen als totalen",
        dict(conversation_id=CONV, partner=Col("nee", "-", "organisatie"), suggested=NO, named=NO),
    ),
    "overdracht_documents": TableInfo(
        "Het document voor de warme overdracht, door de jongere goedgekeurd.",
        "gesprek",
        "medewerker; de ontvangende partner alleen na goedkeuring door de jongere",
        {
            "id": ID,
            "conversation_id": CONV,
            "handover_id": NO,
            "invitation_id": NO,
            "version": NO,
            "parts": Col(
                "ja", "gemaskeerd", "delen van het document (wat de jongere typte: gemaskeerd)"
            ),
            "status": NO,
            "changing": NO,
            "created_at": WHEN,
            "approved_at": WHEN,
        },
    ),
}

# Rasa's tracker store is no model of ours, but holds the conversation too.
TRACKER_STORE = TableInfo(
    "Rasa's gespreksverloop (events): berichten, intenties, slots.",
    "gesprek",
    "systeem; medewerker ziet het verloop bij een overdracht (gemaskeerd)",
    {
        "events": Col("ja", "gemaskeerd", "berichten en antwoorden (MaskingTrackerStore)"),
        "dashboard_turns": Col("nee", "-", "aantal beurten per gesprek (dashboard)"),
    },
)


def undescribed(metadata: MetaData | None = None) -> list[str]:
    """``table.column`` of every column in the models that the inventory does not describe."""
    tables = (metadata or Base.metadata).tables
    missing: list[str] = []
    for name, table in sorted(tables.items()):
        described = INVENTORY.get(name)
        for column in table.columns:
            if described is None or column.name not in described.columns:
                missing.append(f"{name}.{column.name}")
    return missing


def stale_entries(metadata: MetaData | None = None) -> list[str]:
    """Entries of the inventory that no model has (a removed column must leave here too)."""
    tables = (metadata or Base.metadata).tables
    return [
        f"{name}.{column}"
        for name, info in INVENTORY.items()
        for column in info.columns
        if name not in tables or column not in tables[name].columns
    ]


def retention_texts(facts: Facts) -> dict[str, str]:
    return {
        "gesprek": (
            f"met het gesprek: {facts.closed_days:g} dagen na de laatste activiteit als alles "
            f"besloten is, {facts.abandoned_days:g} dagen als er geen overdracht is; zolang een "
            f"overdracht open is blijft het; oefengesprekken {facts.practice_hours:g} uur"
        ),
        "account": "tot de school het account verwijdert",
        "logboek": (
            "met het gesprek; van een wissing blijft één regel zonder gesprekscode (wie, wanneer)"
        ),
        "sessie": "geen automatische opruiming (alleen een hash, geen token)",
    }


SHORT_RETENTION = {
    "gesprek": "met het gesprek",
    "account": "met het account",
    "logboek": "met het gesprek (wissing: één regel)",
    "sessie": "geen opruiming",
}


def inventory_rows(facts: Facts) -> Iterable[tuple[str, str, str, str, str, str]]:
    """One row per column that holds personal data; the retention in short (see the tables)."""
    retention = SHORT_RETENTION
    tables = [*sorted(INVENTORY.items()), ("Rasa tracker store", TRACKER_STORE)]
    for name, info in tables:
        for column, col in info.columns.items():
            if col.personal == "nee":
                continue
            yield (
                f"{name}.{column}",
                col.what,
                col.personal,
                col.protection,
                retention[info.retention],
                info.readers,
            )


def inventory_document(facts: Facts) -> Document:
    doc = Document("Gegevensinventaris")
    doc.para(
        "Welke tabellen en kolommen persoonsgegevens kunnen bevatten, hoe ze bewaard worden, "
        "hoe lang en wie ze kan lezen. Gemaakt uit de datamodellen en de instellingen van "
        f"deze installatie op {facts.generated}. Kolommen zonder persoonsgegevens (nummers, "
        "vaste waarden) staan niet in de tabel; een test controleert dat elke kolom beschreven is."
    )
    doc.para(
        "Bescherming: gemaskeerd = namen, nummers, adressen en datums in vrije tekst zijn vóór "
        "het opslaan vervangen door [naam], [telefoon] enzovoort; hash = alleen een "
        "eenrichtings-hash; pseudoniem = een willekeurige code; leesbaar = zoals geschreven. "
        "De applicatie versleutelt zelf twee waarden: de contactgegevens uit de pre-intake "
        "en hoe de school een jongere of ouder die alleen chatte kan bereiken "
        "(sleutel BOT_CONTACT_KEY). Versleuteling van de rest van database en schijf "
        "regelt de school of haar hoster (zie de DPIA-input)."
    )
    doc.table(
        ("kolom", "wat", "persoonsgegeven", "bescherming", "bewaartermijn", "wie leest"),
        list(inventory_rows(facts)),
    )
    doc.heading("Tabellen")
    doc.table(
        ("tabel", "inhoud", "bewaartermijn", "wie leest"),
        [
            (name, info.about, retention_texts(facts)[info.retention], info.readers)
            for name, info in sorted(INVENTORY.items())
        ],
    )
    return doc
