"""The model is retrained exactly when a training input changes."""

from __future__ import annotations

from pathlib import Path

from bot.runtime import training


def _project(tmp_path: Path) -> Path:
    (tmp_path / "data" / "nlu").mkdir(parents=True)
    (tmp_path / "config.yml").write_text("language: nl\n")
    (tmp_path / "domain.yml").write_text("version: '3.1'\n")
    (tmp_path / "data" / "nlu" / "a.yml").write_text("nlu: []\n")
    return tmp_path


def test_fingerprint_is_stable(tmp_path: Path) -> None:
    root = _project(tmp_path)
    assert training.fingerprint(root) == training.fingerprint(root)


def test_fingerprint_changes_with_data_config_and_new_files(tmp_path: Path) -> None:
    root = _project(tmp_path)
    seen = {training.fingerprint(root)}
    (root / "data" / "nlu" / "a.yml").write_text("nlu: [x]\n")
    seen.add(training.fingerprint(root))
    (root / "config.yml").write_text("language: en\n")
    seen.add(training.fingerprint(root))
    (root / "data" / "nlu" / "b.yml").write_text("nlu: []\n")
    seen.add(training.fingerprint(root))
    assert len(seen) == 4


def test_unrelated_files_do_not_trigger_training(tmp_path: Path) -> None:
    root = _project(tmp_path)
    before = training.fingerprint(root)
    (root / "README.md").write_text("changed")
    assert training.fingerprint(root) == before


def test_training_skips_rasas_check_only_because_make_test_checks_the_data_first() -> None:
    # ``rasa train --skip-validation`` saves about 10 s of a training (docs/bench/speed.md). That is
    # only safe while ``make test`` refuses broken data in its own step before it trains: step 3
    # runs ``rasa data validate --fail-on-warnings`` and comes before the steps that train.
    command = training.training_command(Path("out"))
    assert "--skip-validation" in command
    assert "--force" not in command
    assert training.training_command(Path("out"), force=True)[-1] == "--force"
    makefile = (training.PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    validate = makefile.split("\nvalidate:", 1)[1].split("\n\n", 1)[0]
    assert "rasa data validate --fail-on-warnings" in validate
    test_target = next(line for line in makefile.splitlines() if line.startswith("test:"))
    steps = test_target.split("##", 1)[0].split()
    assert steps.index("test-data") < steps.index("test-e2e")
    test_data = makefile.split("\ntest-data:", 1)[1].split("\n\n", 1)[0]
    assert "validate" in test_data
