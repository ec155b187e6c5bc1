"""spaCy 3.4's command line works in this environment.

spaCy 3.4's CLI (typer 0.7) breaks with click 8.2+, and the stand-in pipeline is built with
``spacy convert/train/evaluate/package``; this runs two CLI commands in a subprocess to prove the
click pin holds.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

TINY_CONLLU = """\
# sent_id = 1
# text = De leerlingen liepen naar school.
1\tDe\tde\tDET\tLID|bep|stan|rest\tDefinite=Def\t2\tdet\t2:det\t_
2\tleerlingen\tleerling\tNOUN\tN|soort|mv|basis\tNumber=Plur\t3\tnsubj\t3:nsubj\t_
3\tliepen\tlopen\tVERB\tWW|pv|verl|mv\tNumber=Plur|Tense=Past|VerbForm=Fin\t0\troot\t0:root\t_
4\tnaar\tnaar\tADP\tVZ|init\t_\t5\tcase\t5:case\t_
5\tschool\tschool\tNOUN\tN|soort|ev|basis|zijd|stan\tGender=Com|Number=Sing\t3\tobl\t3:obl\tSpaceAfter=No
6\t.\t.\tPUNCT\tLET\t_\t3\tpunct\t3:punct\t_

"""


def run_spacy(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    return subprocess.run(
        [sys.executable, "-m", "spacy", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


def test_spacy_convert_and_info_run(tmp_path: Path) -> None:
    source = tmp_path / "tiny.conllu"
    source.write_text(TINY_CONLLU, encoding="utf-8")
    out_dir = tmp_path / "out"
    out_dir.mkdir()

    result = run_spacy("convert", str(source), str(out_dir), "--converter", "conllu")
    assert result.returncode == 0, result.stdout + result.stderr
    output = out_dir / "tiny.spacy"
    assert output.is_file()

    import spacy
    from spacy.tokens import DocBin

    docs = list(DocBin().from_disk(output).get_docs(spacy.blank("nl").vocab))
    assert [t.text for t in docs[0]] == ["De", "leerlingen", "liepen", "naar", "school", "."]
    assert docs[0][2].lemma_ == "lopen"

    info = run_spacy("info")
    assert info.returncode == 0, info.stdout + info.stderr
    assert "spaCy version" in info.stdout
