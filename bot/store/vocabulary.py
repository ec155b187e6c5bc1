"""The closed value sets of the store's columns: the contract keys of the product brief.

The tables (:mod:`bot.store.models`) turn each into a CHECK constraint, the stores check
values against them before writing, and the migrations name them.
"""

from __future__ import annotations

from bot.knowledge.model import DECISION_POINT_KEYS

MODES = ("advies", "pre_intake", "oefenen")
# The parts whose answers a conversation's ``answered_parts`` marks, bit 1, 2, 4, 8 in this
# order (migration 0010): the dashboard counts coverage from one row per conversation.
ANSWERED_PARTS = ("voorkant", "realisatie", "vervolg", "pre_intake")
ROLES = ("professional", "samen", "aanmelder", "jongere", "ouder")
# Who gave consent for the young person's data: the young person at the keyboard (from 16),
# a parent or verzorger with gezag (under 16), or the young person (from 16) through the
# parent (via_ouder) or the professional (via_professional) who types and says the young
# person knows and agrees (migration 0012). 'professional' is kept for rows written before
# 0012, when a professional's yes for a young person of 16+ was recorded as theirs.
CONSENT_BY = ("jongere", "ouder", "professional", "via_ouder", "via_professional")
# The decision points are a contract of the knowledge (bot.knowledge.model); one list.
DECISION_POINTS = DECISION_POINT_KEYS
# The decision points a conversation's ``reached_points`` marks, bit 1, 2, 4, … in this order
# (migration 0015): the dashboard counts the conversations that reached each point from one
# row per conversation. The same keys as DECISION_POINTS (a test checks), in an order that
# never changes, since stored bits keep their meaning.
REACHED_POINTS = (
    "leerroute",
    "ondersteuning",
    "vervolg",
    "pre_intake",
    "op_verzoek",
    "niet_begrepen",
)
HANDOVER_STATUSES = ("open", "in_behandeling", "afgerond")
ACTIVE_STATUSES = ("open", "in_behandeling")
LABEL_LENGTH = 60  # a hand-over's label in the inbox list: initials and a school, not a story
SENDERS = ("jongere", "professional", "bot", "systeem")
# medewerker: the inbox; beheerder: also the audit trail; kwaliteit: only the dashboard's
# aggregates (issue 14); partner: only the cases a partner organisation is invited to (issue 15).
PROFESSIONAL_ROLES = ("medewerker", "beheerder", "kwaliteit", "partner")
# What the audit trail records (never the words: only who did what with which conversation).
AUDIT_ACTIONS = (
    "bekeken",
    "opgepakt",
    "teruggegeven",
    "beantwoord",
    "besloten",
    "geexporteerd",
    "gewist",
    # Samen (issue 15): a partner invited, a partner's contribution, a look at a partner's
    # case page, a document shared with or opened by the receiving partner.
    "uitgenodigd",
    "bijgedragen",
    "partner_bekeken",
    "document_geopend",
    # A professional changed or cleared an answer (the old value stays in answer_revisions).
    "gecorrigeerd",
)
# Notes for the professional that fit no question: a question the user asked that the
# assistant passed on (vraag), or a fact said in passing (feit).
NOTE_KINDS = ("vraag", "feit")
# The user's answer to "heeft dit gesprek je geholpen?" (issue 12); overgeslagen: skipped.
FEEDBACK_ANSWERS = ("ja", "een_beetje", "nee", "overgeslagen")
# The outbox of notifications to teams (bot.handover.notify).
NOTIFICATION_CHANNELS = ("email", "webhook")
NOTIFICATION_KINDS = ("nieuw", "herinnering", "blijft_liggen", "doorgegeven")
NOTIFICATION_STATUSES = ("wacht", "verstuurd", "mislukt", "uit")
# Samen (issue 15): a partner's invitation and the young person's consent to it.
INVITATION_STATUSES = ("gevraagd", "toegestemd", "geweigerd", "ingetrokken")
# The overdrachtsdocument's versions: a draft, approved by the young person, or replaced.
DOCUMENT_STATUSES = ("concept", "goedgekeurd", "vervangen")
