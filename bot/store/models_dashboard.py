"""Tables the dashboard's figures are kept in as they are written (SQLAlchemy, same Base).

A region's year has hundreds of thousands of rows; the page reads these instead of searching
or counting distinct pairs of every row (issue 30). Each is written by the repository in the
transaction of what it counts and filled from the stored rows by its migration.
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer, String

from bot.store.model_base import Base, _conversation_fk


class DecisionPartner(Base):
    """A partner that a decision (or its note) names, kept as it is recorded, for the dashboard.

    Written with the decision (:mod:`bot.store.decision_partners`), filled by migration 0014.
    """

    __tablename__ = "decision_partners"

    handover_id = Column(Integer, ForeignKey("handovers.id", ondelete="CASCADE"), primary_key=True)
    partner = Column(String(64), primary_key=True)
    conversation_id = Column(String(128), _conversation_fk(), nullable=False, index=True)


class DashboardPartner(Base):
    """Per conversation and partner: its suggestion rows, and the decisions that name it.

    ``suggested`` counts suggestion rows (a removed one is taken off again); ``named`` counts
    decisions at points other than ``leerroute`` that name the partner. The page counts the
    rows above 0 per partner, one per conversation, without DISTINCT. Written with the
    suggestions and decisions (:mod:`bot.store.dashboard_partners`), filled by migration 0015.
    """

    __tablename__ = "dashboard_partners"

    conversation_id = Column(String(128), _conversation_fk(), primary_key=True)
    partner = Column(String(64), primary_key=True)
    suggested = Column(Integer, nullable=False, default=0, server_default="0")
    named = Column(Integer, nullable=False, default=0, server_default="0")
