"""The messages from the field, typed through the widget's own relay (``/chat/api/message``).

A remark about the chat, doubt, a question back, a negation and a correction in free words
each once became a fact in the record. Through the path users take, each must now get its
own reply, leave the record as meant, and come back to the open question.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from tests.conftest import RunningServers

pytestmark = pytest.mark.servers


@dataclass
class Relay:
    """One conversation as the widget holds it: id, token and the buttons last shown."""

    servers: RunningServers
    conversation_id: str | None = None
    token: str | None = None
    messages: list[dict[str, Any]] = field(default_factory=list)

    def _post(self, body: dict[str, Any]) -> str:
        if self.conversation_id:
            body = {**body, "conversation_id": self.conversation_id, "token": self.token}
        response = httpx.post(f"{self.servers.web_url}/chat/api/message", json=body, timeout=60)
        assert response.status_code == 200, response.text
        data = response.json()
        self.conversation_id, self.token = data["conversation_id"], data["token"]
        self.messages = data["messages"]
        said = "\n".join(message["text"] for message in self.messages)
        assert said.strip(), "a silent turn"
        return said

    def say(self, text: str) -> str:
        return self._post({"text": text})

    def click(self, title: str) -> str:
        buttons = {b["title"]: b["payload"] for m in self.messages for b in m["buttons"]}
        return self._post({"payload": buttons[title]})

    def answers(self) -> dict[str, Any]:
        response = httpx.get(
            f"{self.servers.web_url}/api/conversations/{self.conversation_id}",
            headers=self.servers.api_headers,
            timeout=30,
        )
        response.raise_for_status()
        return {a["question"]: a["value"] for a in response.json()["answers"]}


def test_voorkant_remarks_corrections_negations_and_a_confirmation(
    servers: RunningServers,
) -> None:
    chat = Relay(servers)
    assert "akkoord" in chat.say("Hallo").lower()
    chat.say("ja, dat is goed")
    chat.say("nee hoor, ze is ouder")
    chat.say("ik ben mentor")
    chat.say(
        "ja, de jongere weet ervan en vindt het goed"
    )  # from 16: the young person knows and agrees
    assert "Van welke school" in chat.click("Welke leerroute past")
    reply = chat.say("Een leerling van 16 jaar van de havo. Ze heeft geen startkwalificatie.")
    assert "Wat wil de jongere graag" in reply

    reply = chat.say("dat zei ik al toch, kapsalon…")  # a remark and an answer: checked first
    assert "Ik schrijf op: Wensen en talenten: kapsalon" in reply
    assert "wensen" not in chat.answers()
    reply = chat.say("ja")
    assert "Hoe leert de jongere het best?" in reply
    assert chat.answers()["wensen"].startswith("kapsalon")

    reply = chat.say("sorry, hij is net 17 geworden")  # a correction, leerstijl stays open
    assert "aangepast" in reply and "17" in reply
    assert reply.rstrip().endswith("Hoe leert de jongere het best?")
    reply = chat.say("het was vmbo, geen havo")
    assert "vmbo" in reply and "Hoe leert de jongere het best?" in reply
    answers = chat.answers()
    assert answers["leeftijd"] == 17 and answers["herkomst"] == "vmbo"
    assert "leerstijl" not in answers

    chat.say("door te doen")
    reply = chat.say("Geen diagnose bekend. Wel structuur en een vaste coach nodig.")
    assert "Klopt dat?" in reply and "ondersteuningsbehoefte" not in chat.answers()
    reply = chat.click("Ja")
    assert chat.answers()["ondersteuningsbehoefte"] == "ja"
    assert "Speelt er nog iets" in reply

    reply = chat.say("hallo?? ik zie niks")
    assert "Speelt er nog iets" in reply and "signalen" not in chat.answers()
    reply = chat.say("geen van deze")
    assert "Welke organisaties" in reply
    reply = chat.say("RMC is nog niet ingelicht.")
    assert "Welke organisaties" in reply and "betrokken_partners" not in chat.answers()


def test_vervolg_doubt_and_a_question_back_record_nothing_said(servers: RunningServers) -> None:
    chat = Relay(servers)
    chat.say(
        "Goedemorgen, ik ben studentbegeleider. Mijn student rondt binnenkort niveau 2 af en "
        "we willen het hebben over wat daarna komt."
    )
    chat.say("ja")
    chat.say("nee")
    reply = chat.say(
        "ja, de jongere weet ervan en vindt het goed"
    )  # from 16: the young person knows and agrees
    assert "Wat is het doel na de opleiding?" in reply
    reply = chat.say("werk via de banenafspraak")
    assert "minimumloon" in reply
    chat.say("Hoe moet ik dat nou weten? Ze is 15. Ik hoop het natuurlijk wel.")
    assert chat.answers()["arbeidsvermogen"] == "weet_niet"
    chat.say("ja")  # nazorg
    reply = chat.say("ja graag")  # warme overdracht
    assert "neemt de begeleiding daarna over" in reply
    reply = chat.say("wie regelt de jobcoach bij de banenafspraak, gemeente of uwv?")
    assert "medewerker" in reply and "neemt de begeleiding daarna over" in reply
    assert "overnemende_partner" not in chat.answers()
