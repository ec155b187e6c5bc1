"""How a young person alone may be reached: only the team of the hand-over reads it."""

from __future__ import annotations

from tests.actions.test_actions_reach import PHONE, handover_case
from tests.security.test_security_access import AUTH, login, people

__all__ = ["people"]


def test_only_the_team_of_the_hand_over_reads_it_in_the_inbox_and_the_api(web, people) -> None:
    sender = "web-" + "b" * 22
    handover_id = handover_case(sender, "loopbaan")
    page = f"/medewerker/overdrachten/{handover_id}"
    inzage = f"/medewerker/gesprekken/{sender}/inzage"
    seen = {}
    for who in ("mentor", "intake", "kees"):
        login(web, who)
        texts = [web.get(page).text, web.get(inzage).text, web.get(f"{inzage}.json").text]
        seen[who] = [PHONE in text for text in texts]
    api = [
        web.get(f"/api/conversations/{sender}", headers=AUTH).text,
        web.get(f"/api/conversations/{sender}/export", headers=AUTH).text,
    ]
    seen["api"] = [PHONE in text for text in api]
    # The mentor is in loopbaan, the team of the hand-over; intake is another team, kees a
    # beheerder in no team, the API a service account in no team.
    assert seen == {
        "mentor": [True, True, True],
        "intake": [False, False, False],
        "kees": [False, False, False],
        "api": [False, False],
    }
    login(web, "intake")
    assert "alleen het team van de overdracht" in web.get(page).text
