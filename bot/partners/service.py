"""The Samen service: who may see a case, who said yes, who took part, what is handed over.

Written once for every surface, like :mod:`bot.handover.casework`: the inbox, the partner
pages and the chat relay read a request, call one method and map the errors below.

- A partner organisation sees a case only through an invitation the young person said yes
  to (``toegestemd``); a no, a withdrawal or another organisation's account is
  :class:`Forbidden`. It sees the summary, the answers and the suggestions, never the chat.
- Under 16 an invitation needs the professional's confirmation that a parent or verzorger
  agrees (:class:`ParentConsentNeeded`); it is recorded with the invitation.
- Only an approved overdrachtsdocument can be opened by the receiving partner.
- Every look and act of a professional is written to the audit trail in the same transaction.
"""

from __future__ import annotations

from bot.partners.case_owner import CaseOwnerSide
from bot.partners.case_owner import DecisionParts as DecisionParts
from bot.partners.core import MAX_CONTRIBUTION as MAX_CONTRIBUTION
from bot.partners.core import SCHOOL as SCHOOL
from bot.partners.core import Forbidden as Forbidden
from bot.partners.core import Message as Message
from bot.partners.core import NotApproved as NotApproved
from bot.partners.core import ParentConsentNeeded as ParentConsentNeeded
from bot.partners.core import Say as Say
from bot.partners.core import TakerRefused as TakerRefused
from bot.partners.core import UnknownOrganisation as UnknownOrganisation
from bot.partners.core import payload as payload
from bot.partners.partner_side import PartnerSide
from bot.partners.young_person import YoungPersonSide


class Samen(CaseOwnerSide, YoungPersonSide, PartnerSide):
    """The partners' side of a case; every method reads or writes in one transaction.

    Each actor's methods live in their own module; this class joins them for the surfaces.
    """
