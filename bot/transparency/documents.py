"""The public page, the AI Act memo, the Algoritmeregister entry and the DPIA input.

Each is built from :class:`bot.transparency.facts.Facts`; the data inventory lives in
:mod:`bot.transparency.inventory`. The memo and the entry state facts for the school to judge
(classification under the AI Act is the school's decision as deployer, with its FG and
lawyers); they are no legal advice. Fields only a school can fill are marked ``IN TE VULLEN
DOOR DE SCHOOL``.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.knowledge.conditions import AllOf, AnyOf, Check, Condition, Not
from bot.knowledge.model import DecisionPoint, Question, SuggestionRule
from bot.transparency.blocks import Document
from bot.transparency.facts import Facts
from bot.transparency.inventory import INVENTORY, retention_texts

SCHOOL = "IN TE VULLEN DOOR DE SCHOOL"
PAGE_PATH = "/hoe-werkt-het"
NOT_DONE = (
    "Het neemt geen besluit. Een mens van school beslist over de leerroute, de ondersteuning "
    "en het vervolg.",
    "Het meldt niemand aan en stuurt niets naar een partner. Een partner kijkt alleen mee als "
    "jij daar ja op zegt.",
    "Het geeft geen cijfer of score over een persoon.",
    "Het leert niet van jouw gesprek. Gesprekken worden nooit gebruikt om het te trainen.",
    "Het vraagt niet naar je BSN, adres of rekeningnummer. Typ je die toch? Dan maakt het ze "
    "onleesbaar.",
)


def _questions_in(condition: Condition) -> Iterator[str]:
    if isinstance(condition, Check):
        yield condition.question
    elif isinstance(condition, AllOf | AnyOf):
        for item in condition.items:
            yield from _questions_in(item)
    elif isinstance(condition, Not):
        yield from _questions_in(condition.item)


def _used_for_suggestions(facts: Facts) -> set[str]:
    used: set[str] = set()
    for signal in facts.knowledge.signals.values():
        used.update(_questions_in(signal.condition))
    for rule in facts.knowledge.suggestion_rules:
        if rule.partner_from:
            used.add(rule.partner_from)
    return used


def question_rows(facts: Facts) -> list[tuple[str, str, str]]:
    """(part, question, why) for every question in the knowledge."""
    knowledge = facts.knowledge
    by_part = {p.part: p for p in knowledge.decision_points.values() if p.part}
    suggests = _used_for_suggestions(facts)
    rows: list[tuple[str, str, str]] = []
    for question in knowledge.questions.values():
        rows.append(
            (
                knowledge.parts.get(question.part, question.part),
                question.label,
                _why(question, by_part, suggests),
            )
        )
    return rows


def _why(question: Question, by_part: dict[str, DecisionPoint], suggests: set[str]) -> str:
    point = by_part.get(question.part)
    if question.part == "start":
        why = "om goed te beginnen: toestemming, leeftijd en wie er praat"
    elif question.part == "contact":
        why = "zodat de school je kan bereiken als je alleen chat (versleuteld bewaard)"
    elif point is not None:
        why = f"voor het besluit van een mens: {point.label}"
    else:
        why = "voor het gesprek"
    if question.key in suggests:
        why += "; telt mee bij de partners die de assistent voorstelt"
    return why


def rule_text(facts: Facts, rule: SuggestionRule) -> str:
    """One suggestion rule as a sentence: if … then partner …, because …"""
    knowledge = facts.knowledge
    signals = knowledge.signals
    parts = [signals[key].description.rstrip(".") for key in rule.when if key in signals]
    any_of = [signals[key].description.rstrip(".") for key in rule.when_any if key in signals]
    if any_of:
        parts.append("een van deze: " + "; ".join(any_of))
    condition = " en ".join(parts) if parts else "altijd"
    if rule.partner:
        partner = knowledge.partners[rule.partner].name
    else:
        partner = (
            f"de partner uit het antwoord '{knowledge.questions[rule.partner_from or ''].label}'"
        )
    points = ", ".join(rule.decision_points) or "elk beslispunt"
    return f"Als: {condition}. Dan: {partner} voorstellen ({points}), {rule.reason}."


def _retention_lines(facts: Facts) -> list[str]:
    return [
        f"Is alles besloten? Dan wissen we het gesprek {facts.closed_days:g} dagen na de laatste "
        "activiteit.",
        f"Is er geen overdracht aan een mens? Dan wissen we het na {facts.abandoned_days:g} dagen.",
        "Wacht het gesprek nog op een mens? Dan blijft het tot er besloten is.",
        f"Een oefengesprek wissen we na {facts.practice_hours:g} uur.",
    ]


def page_document(facts: Facts) -> Document:
    """ "Hoe werkt deze assistent?": for the young person, a parent and the school (B1)."""
    k = facts.knowledge
    doc = Document("Hoe werkt deze assistent?")
    doc.para(
        "Deze assistent is een computerprogramma. Het is geen mens. Het helpt bij het zoeken "
        "naar de best passende mbo-leerroute. Het stelt vragen en schrijft de antwoorden op. "
        "Een mens van school beslist. Het programma beslist nooit."
    )
    doc.heading("Wat doet de assistent?")
    doc.bullets(
        [
            "Het stelt vragen over school, wensen en wat nodig is.",
            "Het legt moeilijke woorden uit.",
            "Het stelt voor welke partners kunnen helpen, en zegt waarom.",
            "Bij elk besluit geeft het het gesprek aan een mens van school.",
        ]
    )
    doc.heading("Wat doet de assistent niet?")
    doc.bullets(NOT_DONE)
    doc.heading("Welke vragen stelt de assistent, en waarom?")
    doc.table(("deel", "vraag", "waarom"), question_rows(facts))
    doc.heading("Waar beslist een mens?")
    doc.bullets([f"{p.label}" for p in k.decision_points.values()])
    doc.heading("Hoe kiest de assistent partners?")
    doc.para(
        "De assistent volgt vaste regels. Mensen van school en partners kunnen ze lezen en "
        "aanpassen. Er is geen geheime berekening. Dit zijn de regels:"
    )
    doc.bullets([rule_text(facts, rule) for rule in k.suggestion_rules])
    doc.heading("Wat bewaren we, en hoe lang?")
    doc.para(
        "We bewaren je antwoorden, de samenvatting, de voorgestelde partners en het besluit. "
        "Namen, telefoonnummers, adressen en andere gegevens maken we eerst onleesbaar. Alleen "
        "de contactgegevens waar we zelf om vragen, bewaren we zoals je ze typt: bij de "
        "aanmelding, of als je alleen chat en we vragen hoe de school je kan bereiken. Die "
        "bewaren we versleuteld. Alleen het team dat je helpt, kan ze lezen."
    )
    doc.bullets(_retention_lines(facts))
    doc.heading("Wie kan je gegevens lezen?")
    doc.bullets([f"{role}: {text}" for role, text in facts.roles.items()])
    doc.heading("Je gegevens zien of laten wissen")
    doc.bullets(
        [
            "Typ in de chat: wat doen jullie met mijn gegevens? Dan zie je wat er bewaard is.",
            "Typ in de chat: verwijder mijn gegevens. Dan wissen we alles van dit gesprek.",
            "Wil je alles op papier? Vraag het aan de school. Een medewerker maakt een overzicht.",
        ]
    )
    doc.heading("Een mens spreken")
    doc.para(
        "Typ in de chat: ik wil een mens spreken. Dan geeft de assistent het gesprek aan een "
        "medewerker. Die schrijft dan met je. In de chat staat wie er schrijft: de assistent of "
        "een mens."
    )
    doc.heading("Welke techniek gebruikt de assistent?")
    doc.bullets(
        [
            "Rasa (open source) om te begrijpen wat je bedoelt. Dat deel is getraind met "
            f"{facts.nlu_examples} voorbeeldzinnen die het project zelf schreef. Nooit met "
            "gesprekken van gebruikers.",
            "Vaste regels voor het verloop van het gesprek en voor de partners. Geen taalmodel "
            "dat zelf teksten verzint: alles wat de assistent zegt, is vooraf geschreven.",
            "Een programma dat namen en nummers onleesbaar maakt voordat iets wordt opgeslagen.",
        ]
    )
    doc.para(
        f"Deze pagina is gemaakt uit de instellingen van deze installatie ({facts.generated})."
    )
    return doc


def _audit_lines(facts: Facts) -> list[str]:
    audit = facts.audit
    if not audit.available:
        return ["De database was niet bereikbaar: geen cijfers (draai het commando opnieuw)."]
    lines = [
        f"Beslispunten bereikt in echte gesprekken: {audit.total_reached}; door een mens "
        f"besloten: {audit.total_decided}; nog open of in behandeling: {audit.open} "
        f"(besluiten door een mens / beslispunten bereikt: {audit.total_decided} / "
        f"{audit.total_reached}).",
        "Besluiten door de assistent: 0. Er is geen code die een besluit neemt: een besluit komt "
        "alleen binnen via de inbox of de API, op naam van een medewerker, na het oppakken van "
        "de overdracht (bot/handover/casework.py).",
    ]
    for point in sorted(audit.reached):
        lines.append(
            f"{point}: {audit.decided_by_person[point]} van {audit.reached[point]} "
            "door een mens besloten"
        )
    return lines


def memo_document(facts: Facts) -> Document:
    k = facts.knowledge
    doc = Document("AI-verordening: feiten voor de beoordeling")
    doc.para(
        "Dit memo geeft feiten over het systeem, uit de code en de instellingen van deze "
        f"installatie ({facts.generated}). Het is geen juridisch advies. De school beoordeelt "
        "als gebruiksverantwoordelijke zelf, met haar FG, of het systeem onder bijlage III punt 3 "
        "valt en of artikel 6 lid 3 van toepassing is."
    )
    doc.heading("1. Wat het systeem doet en uitvoert")
    doc.bullets(
        [
            "Een gesprek in het Nederlands dat de drie vragen van de praatplaat van de MBO Raad "
            "volgt: welke leerroute past, wat is er nodig, wat komt erna.",
            "Uitvoer: vastgelegde antwoorden, een samenvatting voor een professional, "
            f"voorstellen van partners met een reden uit {len(k.suggestion_rules)} leesbare "
            "regels, uitleg van begrippen.",
            "Geen uitvoer: geen besluit, geen advies over een niveau of route, geen score, "
            "geen rangorde van personen, geen profiel.",
        ]
    )
    doc.heading("2. Feiten voor bijlage III punt 3 en artikel 6 lid 3")
    doc.bullets(
        [
            "Bijlage III punt 3 noemt systemen voor toegang tot onderwijs en het bepalen van het "
            "passende onderwijsniveau. Dit systeem bereidt zo'n besluit voor: het verzamelt "
            "antwoorden en geeft het gesprek bij elk beslispunt aan een mens.",
            f"Beslispunten: {', '.join(k.decision_points)}. Bij elk ervan pauzeert het gesprek "
            "tot een medewerker het besluit vastlegt.",
            "De partnervoorstellen zijn vaste als-dan-regels uit een bestand dat een "
            "inhoudsdeskundige kan lezen; het systeem weegt of rangschikt geen personen.",
            "Feiten die de school kan gebruiken bij artikel 6 lid 3: het systeem voert een "
            "voorbereidende taak uit voor een beoordeling door een mens (onder d) en een "
            "beperkte procedurele taak (onder a: vragen stellen en vastleggen); het vervangt "
            "de menselijke beoordeling niet en beïnvloedt die niet zonder menselijke toetsing.",
            "Profilering (artikel 6 lid 3, laatste alinea): het systeem maakt geen profiel en "
            "voorspelt geen gedrag; het legt antwoorden vast die de gebruiker zelf gaf.",
        ]
    )
    doc.heading("3. Menselijk besluit: cijfers uit de database")
    doc.bullets(_audit_lines(facts))
    doc.heading("4. Transparantie (artikel 50 lid 1)")
    doc.bullets(
        [
            "De eerste boodschap van elke modus (advies, pre-intake, oefenen) zegt: ik ben een "
            "computerprogramma, geen mens, en een mens beslist.",
            "De kop van de chat zegt het ook, met een link naar 'Hoe werkt deze assistent?' "
            f"({PAGE_PATH}).",
            "Neemt een medewerker het gesprek over, dan staat in de chat dat nu een mens "
            "schrijft (met de naam die de medewerker kiest); gaat de assistent verder, dan "
            "staat dat er ook.",
        ]
    )
    doc.heading("5. Menselijk toezicht")
    doc.bullets(
        [
            "Een medewerker leest samenvatting en gesprek, kan antwoorden, en legt het besluit "
            "vast; pas dan gaat de assistent verder.",
            "Een gebruiker kan altijd om een mens vragen; na herhaald onbegrip gaat het gesprek "
            "vanzelf naar een mens.",
            "Een gebruiker kan nooit zelf een besluit typen: besluiten komen alleen van de kant "
            "van de medewerker.",
            "De regels voor partnervoorstellen staan in een leesbaar bestand en kunnen zonder "
            "programmeur worden aangepast.",
        ]
    )
    doc.heading("6. Logging")
    doc.bullets(
        [
            "Logboek (audit_events): wie bekeek, pakte op, antwoordde, besliste, exporteerde of "
            "wiste welk gesprek, en wanneer; nooit de tekst.",
            "Technische logs bevatten geen tekst van gebruikers.",
            "Het gespreksverloop (Rasa) wordt gemaskeerd opgeslagen en bewaard zolang het gesprek.",
        ]
    )
    doc.heading("7. Techniek")
    doc.bullets(
        [
            f"Taalbegrip: Rasa 3.6 open source, pipeline {', '.join(facts.pipeline)}; getraind "
            f"op {facts.nlu_examples} voorbeeldzinnen uit data/nlu van het project, nooit op "
            "gesprekken.",
            f"Gespreksverloop: {', '.join(facts.policies)} (regels, geen generatief taalmodel).",
            "Alle teksten van de assistent staan vooraf geschreven in domain.yml.",
        ]
    )
    return doc


def register_document(facts: Facts) -> Document:
    """An entry in the fields of the Algoritmeregister's publication standard."""
    k = facts.knowledge
    doc = Document("Algoritmeregister: conceptinvoer")
    doc.para(
        "Ingevuld uit de code en de instellingen. Velden met 'IN TE VULLEN DOOR DE SCHOOL' kan "
        "alleen de school invullen."
    )
    fields = [
        ("Naam", "Assistent inclusief advies mbo-leerroute"),
        ("Organisatie", SCHOOL),
        ("Afdeling / contact", SCHOOL),
        (
            "Korte omschrijving",
            "Een chatassistent die een professional, of een jongere samen met een professional, "
            "door de vragen van de praatplaat van de MBO Raad leidt. Het legt antwoorden vast, "
            "stelt partners voor met een reden en geeft bij elk beslispunt het gesprek aan een "
            "medewerker. Het neemt zelf geen besluit.",
        ),
        (
            "Type algoritme",
            "Regels (als-dan) en een taalbegripmodel (Rasa, DIET) dat de bedoeling van een "
            "zin herkent.",
        ),
        ("Status", SCHOOL + " (in ontwikkeling, in gebruik, buiten gebruik)"),
        (
            "Doel en impact",
            "Doel: het gesprek over de best passende mbo-leerroute voor jongeren die extra "
            "aandacht nodig hebben goed en volledig voeren, en de overdracht aan de school "
            "voorbereiden. Impact: de medewerker krijgt een samenvatting en voorstellen; het "
            "besluit over route, ondersteuning en vervolg blijft bij een mens.",
        ),
        (
            "Menselijke tussenkomst",
            f"Bij elk beslispunt ({', '.join(k.decision_points)}) pauzeert het gesprek tot een "
            f"medewerker beslist. {_audit_lines(facts)[0]}",
        ),
        (
            "Risico's en maatregelen",
            "Verkeerd begrip van een antwoord: de gebruiker kan elk antwoord wijzigen en de "
            "medewerker leest het gesprek. Persoonsgegevens in vrije tekst: worden vóór het "
            "opslaan onleesbaar gemaakt. Te veel vertrouwen in voorstellen: elk voorstel heeft "
            "een reden en de regels zijn openbaar. Verwarring mens/computer: de chat zegt steeds "
            "wie schrijft.",
        ),
        (
            "Wettelijke grondslag",
            SCHOOL + " (bijvoorbeeld de wettelijke taak uit de WEB bij "
            "toelating en begeleiding, of toestemming)",
        ),
        (
            "Gegevens",
            "Antwoorden over school, leeftijd, wensen, ondersteuning en vervolg; toestemming; "
            "contactgegevens alleen bij de pre-intake en, als een jongere of ouder alleen chat, "
            "hoe de school hen kan bereiken (versleuteld); het besluit van de medewerker. Zie de "
            "gegevensinventaris.",
        ),
        ("Bewaartermijn", retention_texts(facts)["gesprek"]),
        ("Links", f"Publieke uitleg: {PAGE_PATH}; broncode: {SCHOOL} (link naar de repository)"),
        ("Verwerkersovereenkomst / leverancier", SCHOOL),
        ("DPIA uitgevoerd", SCHOOL + " (zie de DPIA-input)"),
        ("IAMA / beoordeling AI-verordening", SCHOOL + " (zie het memo)"),
    ]
    doc.table(("veld", "inhoud"), fields)
    return doc


def dpia_document(facts: Facts) -> Document:
    k = facts.knowledge
    doc = Document("DPIA-input")
    doc.para(
        "Bouwstenen voor de gegevensbeschermingseffectbeoordeling (AVG art. 35) van de school. "
        f"Uit de code en de instellingen van deze installatie ({facts.generated})."
    )
    doc.heading("Doeleinden")
    doc.bullets(
        [
            "Het gesprek over de best passende mbo-leerroute voeren en vastleggen.",
            "Een medewerker laten beslissen met een samenvatting en voorstellen.",
            "Aanmelding voor de intake voorbereiden (pre-intake).",
            "Oefenen met verzonnen casussen (geen echte gegevens).",
            "Kwaliteit volgen met totalen (aantallen onder 5 verborgen).",
        ]
    )
    doc.heading("Categorieën gegevens")
    doc.bullets(
        [f"{q.label} ({k.parts.get(q.part, q.part)})" for q in k.questions.values()]
        + [
            "Let op: antwoorden over ondersteuning, zorg of jeugdhulp kunnen gegevens over "
            "gezondheid zijn (bijzondere persoonsgegevens, AVG art. 9).",
        ]
    )
    doc.heading("Ontvangers")
    doc.bullets([f"{role}: {text}" for role, text in facts.roles.items()])
    doc.para(
        "Partners (" + ", ".join(p.name for p in k.partners.values()) + ") zien alleen iets "
        "na toestemming van de jongere, die ze per partner kan intrekken."
    )
    doc.heading("Bewaartermijnen")
    doc.table(
        ("tabel", "bewaartermijn"),
        [
            (name, retention_texts(facts)[info.retention])
            for name, info in sorted(INVENTORY.items())
        ],
    )
    doc.heading("Beveiligingsmaatregelen")
    doc.bullets(
        [f"{name}: {value}" for name, value in facts.security.items()]
        + [
            "Vrije tekst wordt vóór het opslaan gemaskeerd (namen, e-mail, telefoon, adres, "
            "postcode, geboortedatum, BSN, onderwijsnummer, IBAN), ook in Rasa's gespreksopslag.",
            "Logs bevatten geen tekst van gebruikers.",
            "Een chat hoort bij de browser die hem begon (een HMAC-token).",
            "Versleuteling van database en schijf: " + SCHOOL + ".",
        ]
    )
    doc.heading("Rechten van betrokkenen")
    doc.table(
        ("recht", "hoe het systeem het bedient"),
        [
            ("Informatie (art. 13)", f"toestemmingsvraag aan het begin; de pagina {PAGE_PATH}"),
            (
                "Inzage (art. 15)",
                "in de chat 'wat doen jullie met mijn gegevens'; inzagepagina en JSON-export in "
                "de inbox",
            ),
            (
                "Rectificatie (art. 16)",
                "in de chat een antwoord wijzigen; de medewerker ziet de nieuwe versie",
            ),
            (
                "Wissen (art. 17)",
                "in de chat 'verwijder mijn gegevens'; DELETE /api/conversations/{id}; "
                "bewaartermijn",
            ),
            ("Beperking (art. 18)", SCHOOL + " (via de medewerker)"),
            ("Bezwaar (art. 21)", SCHOOL),
            ("Intrekken toestemming (art. 7)", "per partner in de chat; stoppen met het gesprek"),
            (
                "Menselijke blik (art. 22)",
                "elk besluit neemt een mens; geen geautomatiseerd besluit",
            ),
        ],
    )
    return doc
