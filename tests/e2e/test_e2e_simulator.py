"""The user simulator: every persona in ``personas/`` played against the running assistant.

One test per persona (id ``dev/<file>`` or ``heldout/<file>``). A persona passes when the
assistant never went silent outside a hand-over, never ended the conversation by mistake,
and met the persona's expectations (decision point, partners, recorded answers, pause and
resumption). The figures per set are printed at the end of the session and written to
``var/simulator-report.json`` (see ``tests/e2e/conftest.py``).

The ``heldout`` personas are run like the others but are not used to tune the assistant:
their figures say how it does on conversations it was not tuned on.
"""

from __future__ import annotations

import pytest

from tests.conftest import RunningServers
from tests.e2e.simulator import PERSONA_SETS, Persona, load_personas, play, simulator_results

PERSONAS = load_personas()

# The failures from issue 9, word for word: each must be played by a dev persona.
REPORTED_FAILURES = (
    "Goedemorgen, ik ben studentbegeleider. Mijn student rondt binnenkort niveau 2 af en we "
    "willen het hebben over wat daarna komt.",
    "hoi ik wil wete welke mbo opleiding bij me past want ik ga van school af",
    "Goedemiddag, ik ben jobcoach. Mijn cliënt haalt over een paar maanden zijn diploma "
    "niveau 1 en we willen kijken wat daarna kan.",
    "nee, ik ben gestopt op het vmbo",
    "hallo?",
    "weet ik niet",
)


def test_the_persona_sets_are_big_and_varied_enough() -> None:
    by_set = {name: [p for p in PERSONAS if p.set == name] for name in PERSONA_SETS}
    assert len(by_set["dev"]) >= 24 and len(by_set["heldout"]) >= 10
    assert len({p.key for p in PERSONAS}) == len(PERSONAS), "persona file names must be unique"
    for name, personas in by_set.items():
        assert {p.mode for p in personas} == {"advies", "pre_intake", "oefenen"}, name
        assert all(p.description for p in personas)
    dev_texts = {text for p in by_set["dev"] for text in p.texts()}
    missing = [text for text in REPORTED_FAILURES if text not in dev_texts]
    assert not missing, f"no dev persona types {missing}"


# Personas that show a defect of the assistant not mended yet, each with what goes wrong.
# Strict: the day the assistant gets it right, the test fails until the line is removed.
# The simulator's report still counts them as failed; the closing note names them.
KNOWN_DEFECTS: dict[str, str] = {
    # The blind h4 set (10) passed 3 of 10 on its first run, the blind h5 set (12,
    # 2026-12-08) 2 of 12; the failures were read and tuned on, so they moved to dev/ and
    # pass now. A new defect gets a line here: "set/file": "what goes wrong, in one line".
    # The blind h6 set (12, 2026-12-08) passed 5 of 12 on its first run (7 with two harness
    # mistakes fixed). Stop 26 mended the first defect of four of the five failures (the
    # jobcoach passes now and moved to dev/); the four below got further and fail later.
    "dev/h6_aanmelder_17_via_begeleider": (
        "records contact 'geen', which the applicant never gave (after the verwijzer's name, "
        "'weet ik niet precies, iets met jeugdzorg', is now read)"
    ),
    "heldout/h6_jongere_19_zonder_sk_hmm": (
        "'hmm geen idee. advies denk ik' at the start is not read as advies (asked 3 times)"
    ),
    "dev/h6_ouder_moeder_vso_15_wat_betekent": (
        "records signalen 'handicap_ziekte', which the mother never gave (she now gets the "
        "advice, not the applicant's pre-intake)"
    ),
    "dev/h6_ouder_vader_antwoordt_met_vragen": (
        "the startkwalificatie question is asked 3 times (after 'Hij is 18, toch? Ja, 18' is "
        "now read as the age)"
    ),
}


def _marked(persona: Persona) -> object:
    defect = KNOWN_DEFECTS.get(persona.id)
    if defect is None:
        return persona
    return pytest.param(persona, marks=pytest.mark.xfail(strict=True, reason=defect))


@pytest.mark.servers
@pytest.mark.parametrize("persona", [_marked(p) for p in PERSONAS], ids=[p.id for p in PERSONAS])
def test_persona(servers: RunningServers, persona: Persona, request: pytest.FixtureRequest) -> None:
    result = play(servers, persona)
    simulator_results(request.config).append(result)
    if not result.passed:
        problems = "\n".join(f"- {failure}" for failure in result.failures)
        pytest.fail(
            f"{persona.id}: {persona.description}\n{problems}\n{result.chat.transcript()}",
            pytrace=False,
        )


def test_the_record_check_flags_values_the_persona_never_gave() -> None:
    from dataclasses import replace

    from tests.e2e.simulator import not_given

    persona = replace(
        PERSONAS[0],
        gave={
            "wensen": ("kapsalon",),
            "signalen": ("schulden",),
            "leeftijd": (16, 17),
            "*": ("weet_niet",),
        },
    )
    fine = {"wensen": "ze wil in een kapsalon werken", "signalen": ["schulden"], "leeftijd": 17}
    assert not_given(persona, {**fine, "leerstijl": "weet_niet", "deel": "voorkant"}) == []
    wrong = {
        "wensen": "hallo?? ik zie niks",  # a remark about the chat stored as the wish
        "signalen": ["schulden", "jeugdhulp"],  # "schulden wel, jeugdhulp niet"
        "begeleiding_nodig": "nee",  # never asked about, never said
    }
    assert not_given(persona, wrong) == [
        "wensen='hallo?? ik zie niks'",
        "signalen=['schulden', 'jeugdhulp']",
        "begeleiding_nodig='nee'",
    ]
