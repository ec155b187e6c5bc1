"""Decision logic of scripts/install_spacy_pipeline.py, without network or touching the venv."""

from __future__ import annotations

import hashlib
import importlib.util
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SCRIPT = REPO_ROOT / "scripts" / "install_spacy_pipeline.py"


def load_installer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("install_spacy_pipeline", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses need the module registered
    spec.loader.exec_module(module)
    return module


installer = load_installer()
STANDIN_VERSION = "3.4.0+standin"
RECORD_ROWS = [
    ("nl_core_news_sm/__init__.py", "sha256=aaa"),
    ("nl_core_news_sm/nl_core_news_sm-3.4.0+standin/config.cfg", "sha256=bbb"),
]


def make_standin_wheel(folder: Path, rows: list[tuple[str, str]] = RECORD_ROWS) -> Path:
    """A fake stand-in wheel: only the RECORD matters to the installer."""
    folder.mkdir(parents=True, exist_ok=True)
    wheel = folder / f"nl_core_news_sm-{STANDIN_VERSION}-py3-none-any.whl"
    record = "".join(f"{path},{digest},1\n" for path, digest in rows)
    record += f"nl_core_news_sm-{STANDIN_VERSION}.dist-info/RECORD,,\n"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr(f"nl_core_news_sm-{STANDIN_VERSION}.dist-info/RECORD", record)
    return wheel


def fake_download(content: bytes) -> Callable[[Path], Path]:
    def download(target_dir: Path) -> Path:
        path = target_dir / "nl_core_news_sm-3.4.0-py3-none-any.whl"
        path.write_bytes(content)
        return path

    return download


def no_download(target_dir: Path) -> Path:
    raise AssertionError("must not download")


class Recorder:
    def __init__(self) -> None:
        self.installed: list[str] = []

    def __call__(self, wheel: Path) -> None:
        assert wheel.is_file()
        self.installed.append(wheel.name)


def test_hash_mismatch_falls_back_to_standin(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wheel = make_standin_wheel(tmp_path / "dist")
    pip = Recorder()
    result = installer.ensure_pipeline(
        "auto",
        installed=None,
        dist_dir=wheel.parent,
        download=fake_download(b"not the official wheel"),
        install=pip,
    )
    assert result == "standin"
    assert pip.installed == [wheel.name]
    out = capsys.readouterr().out
    assert "SHA-256 mismatch" in out
    assert "stand-in instead" in out


def test_network_failure_falls_back_to_standin(tmp_path: Path) -> None:
    wheel = make_standin_wheel(tmp_path / "dist")

    def unreachable(target_dir: Path) -> Path:
        raise OSError("Network is unreachable")

    pip = Recorder()
    result = installer.ensure_pipeline(
        "auto", installed=None, dist_dir=wheel.parent, download=unreachable, install=pip
    )
    assert result == "standin"
    assert pip.installed == [wheel.name]


def test_verified_official_wheel_is_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = b"pretend official wheel"
    monkeypatch.setattr(installer, "OFFICIAL_SHA256", hashlib.sha256(content).hexdigest())
    pip = Recorder()
    result = installer.ensure_pipeline(
        "auto",
        installed=None,
        dist_dir=tmp_path / "empty",
        download=fake_download(content),
        install=pip,
    )
    assert result == "official"
    assert pip.installed == ["nl_core_news_sm-3.4.0-py3-none-any.whl"]


def test_standin_mode_never_downloads(tmp_path: Path) -> None:
    wheel = make_standin_wheel(tmp_path / "dist")
    pip = Recorder()
    result = installer.ensure_pipeline(
        "standin", installed=None, dist_dir=wheel.parent, download=no_download, install=pip
    )
    assert result == "standin"
    assert pip.installed == [wheel.name]


def test_official_mode_fails_when_unavailable(tmp_path: Path) -> None:
    wheel = make_standin_wheel(tmp_path / "dist")
    pip = Recorder()
    with pytest.raises(installer.InstallError, match="official"):
        installer.ensure_pipeline(
            "official",
            installed=None,
            dist_dir=wheel.parent,
            download=fake_download(b"tampered"),
            install=pip,
        )
    assert pip.installed == []


def test_installed_official_is_kept(tmp_path: Path) -> None:
    pip = Recorder()
    official = installer.Installed(version="3.4.0", record=frozenset())
    result = installer.ensure_pipeline(
        "auto", installed=official, dist_dir=tmp_path, download=no_download, install=pip
    )
    assert result == "kept"
    assert pip.installed == []


def test_current_standin_is_kept_and_changed_one_reinstalled(tmp_path: Path) -> None:
    wheel = make_standin_wheel(tmp_path / "dist")
    pip = Recorder()
    current = installer.Installed(version=STANDIN_VERSION, record=frozenset(RECORD_ROWS))
    assert (
        installer.ensure_pipeline(
            "auto", installed=current, dist_dir=wheel.parent, download=no_download, install=pip
        )
        == "kept"
    )
    assert pip.installed == []

    older = installer.Installed(
        version=STANDIN_VERSION,
        record=frozenset([*RECORD_ROWS[:1], (RECORD_ROWS[1][0], "sha256=old")]),
    )
    assert (
        installer.ensure_pipeline(
            "auto", installed=older, dist_dir=wheel.parent, download=no_download, install=pip
        )
        == "standin"
    )
    assert pip.installed == [wheel.name]


def test_missing_standin_wheel_says_how_to_build(tmp_path: Path) -> None:
    with pytest.raises(installer.InstallError, match=r"spacy_pipeline/build\.py"):
        installer.ensure_pipeline(
            "standin", installed=None, dist_dir=tmp_path, download=no_download, install=Recorder()
        )


def test_unknown_mode_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(installer.InstallError, match="SPACY_PIPELINE"):
        installer.ensure_pipeline(
            "latest", installed=None, dist_dir=tmp_path, download=no_download, install=Recorder()
        )


def test_installed_pipeline_matches_dist_wheel() -> None:
    """The venv's pipeline (package metadata only) is official or exactly the dist wheel."""
    installed = installer.installed_pipeline()
    assert installed is not None, "run: .venv/bin/python scripts/install_spacy_pipeline.py"
    if installed.is_standin:
        wheel = installer.standin_wheel()
        assert installer.is_current_standin(installed, wheel), (
            f"installed {installed.version} is not {wheel.name}; "
            "run: .venv/bin/python scripts/install_spacy_pipeline.py"
        )
