"""Make sure the spaCy pipeline ``nl_core_news_sm`` is installed in the running interpreter.

Rasa's SpacyNLP loads ``nl_core_news_sm`` by name. The official 3.4.0 wheel is published only as a
GitHub release asset, which these machines often cannot reach, so the project ships its own
stand-in wheel (built by ``spacy_pipeline/build.py``) in ``spacy_pipeline/dist/``.

Behaviour (``SPACY_PIPELINE`` selects it):

* unset / ``auto``: keep an installed pipeline (official, or an up-to-date stand-in); otherwise
  try the official wheel (short timeout, SHA-256 checked) and fall back to the stand-in on any
  failure;
* ``standin``: never download; install the stand-in unless that exact wheel is already installed;
* ``official``: require the official release; fail if it cannot be had.

This runs on every ``make run`` / ``make test``, so the "already installed" path only reads package
metadata (``importlib.metadata``) and never imports spaCy. Standard library only; pip is driven
through ``sys.executable -m pip`` so the package lands in the interpreter that runs this script.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import subprocess
import sys
import tempfile
import urllib.request
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

PACKAGE = "nl_core_news_sm"
OFFICIAL_VERSION = "3.4.0"
OFFICIAL_URL = (
    "https://github.com/explosion/spacy-models/releases/download/"
    f"{PACKAGE}-{OFFICIAL_VERSION}/{PACKAGE}-{OFFICIAL_VERSION}-py3-none-any.whl"
)
# The value published in the spaCy models repository's meta for nl_core_news_sm 3.4.0.
OFFICIAL_SHA256 = "e90cf58e9d5aa9f54e23c4938d70f1d40ead69336b1c779cc0700000ddd0089b"
DOWNLOAD_TIMEOUT_SECONDS = 10.0
STANDIN_LOCAL_LABEL = "standin"

REPO_ROOT = Path(__file__).resolve().parents[1]
DIST_DIR = REPO_ROOT / "spacy_pipeline" / "dist"
BUILD_HINT = "build it with: .venv/bin/python spacy_pipeline/build.py (make spacy-pipeline)"

MODES = ("auto", "standin", "official")


class InstallError(Exception):
    """A pipeline could not be installed; the message says why and what to do."""


@dataclass(frozen=True)
class Installed:
    """What ``importlib.metadata`` says about the installed ``nl_core_news_sm``."""

    version: str
    # (path, hash) pairs from the installed RECORD for the package's own files: compared with the
    # stand-in wheel's RECORD to tell whether the installed copy is exactly that wheel.
    record: frozenset[tuple[str, str]]
    # The package meta's "description" (the stand-in's starts with "Stand-in for spaCy's ...").
    description: str = ""

    @property
    def is_standin(self) -> bool:
        """The stand-in says so in its version label (``3.4.0+standin``) and in its meta."""
        label = self.version.partition("+")[2]
        return label == STANDIN_LOCAL_LABEL or self.description.lower().startswith("stand-in")

    @property
    def kind(self) -> str:
        """Human-readable origin for the progress line."""
        return "project stand-in" if self.is_standin else "official release"


def say(message: str) -> None:
    """Progress line with a fixed prefix so it is easy to spot in ``make`` output."""
    print(f"[spacy] {message}", flush=True)


def _package_record(lines: list[list[str]]) -> frozenset[tuple[str, str]]:
    """Keep RECORD rows of the pipeline package that carry a hash (skips .pyc, dist-info)."""
    return frozenset(
        (row[0], row[1])
        for row in lines
        if len(row) >= 2 and row[1] and row[0].startswith(f"{PACKAGE}/")
    )


def installed_pipeline() -> Installed | None:
    """Return the installed pipeline if its files are present, without importing spaCy (fast)."""
    try:
        dist = metadata.distribution(PACKAGE)
    except metadata.PackageNotFoundError:
        return None
    files = dist.files or []
    rows = [[str(f), f"{f.hash.mode}={f.hash.value}" if f.hash else ""] for f in files]
    configs = [f for f in files if f.name == "config.cfg" and str(f).startswith(f"{PACKAGE}/")]
    # "Loadable" as far as we can tell without spaCy: the package's config and meta are on disk.
    if not configs or not all(Path(str(dist.locate_file(f))).is_file() for f in configs):
        return None
    meta_path = Path(str(dist.locate_file(f"{PACKAGE}/meta.json")))
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    description = meta.get("description") if isinstance(meta, dict) else None
    return Installed(
        version=dist.version,
        record=_package_record(rows),
        description=description if isinstance(description, str) else "",
    )


def standin_wheel(dist_dir: Path = DIST_DIR) -> Path:
    """The single stand-in wheel in ``spacy_pipeline/dist/``; fail clearly if it is absent."""
    wheels = sorted(dist_dir.glob(f"{PACKAGE}-*.whl"))
    if not wheels:
        raise InstallError(f"no stand-in wheel in {dist_dir}; {BUILD_HINT}")
    if len(wheels) > 1:
        raise InstallError(
            f"expected one stand-in wheel in {dist_dir}, found {[w.name for w in wheels]}"
        )
    return wheels[0]


def wheel_version(wheel: Path) -> str:
    """Version part of a wheel file name (``name-version-pyX-none-any.whl``)."""
    return wheel.name.split("-")[1]


def wheel_record(wheel: Path) -> frozenset[tuple[str, str]]:
    """Package rows of the wheel's RECORD (reads only the zip directory and one small file)."""
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/RECORD"))
        text = archive.read(name).decode("utf-8")
    return _package_record(list(csv.reader(io.StringIO(text))))


def is_current_standin(installed: Installed, wheel: Path) -> bool:
    """True if the installed stand-in has the wheel's version and exactly its file hashes."""
    return (
        installed.is_standin
        and installed.version == wheel_version(wheel)
        and installed.record == wheel_record(wheel)
    )


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def download_official(target_dir: Path) -> Path:
    """Fetch the official wheel into ``target_dir`` with a short timeout; return its path."""
    target = target_dir / OFFICIAL_URL.rsplit("/", 1)[1]
    with (
        urllib.request.urlopen(OFFICIAL_URL, timeout=DOWNLOAD_TIMEOUT_SECONDS) as response,
        target.open("wb") as handle,
    ):
        while block := response.read(1 << 20):
            handle.write(block)
    return target


def pip_install(wheel: Path) -> None:
    """Install one wheel into this interpreter, replacing any installed ``nl_core_news_sm``.

    ``--no-deps``: spaCy itself is pinned by the project's requirements; ``--force-reinstall``:
    a rebuilt stand-in keeps its version number, so pip would otherwise skip it.
    """
    command = [
        sys.executable,
        "-m",
        "pip",
        "install",
        "--no-deps",
        "--force-reinstall",
        "--quiet",
        str(wheel),
    ]
    result = subprocess.run(command, check=False)
    if result.returncode != 0:
        raise InstallError(f"pip install {wheel.name} failed (exit {result.returncode})")


Downloader = Callable[[Path], Path]
Installer = Callable[[Path], None]


def try_official(download: Downloader, install: Installer) -> str | None:
    """Download, verify and install the official wheel; return None on success or why it failed."""
    with tempfile.TemporaryDirectory(prefix="nl_core_news_sm-") as tmp:
        try:
            wheel = download(Path(tmp))
        except Exception as exc:
            return f"download failed ({type(exc).__name__}: {exc})"
        digest = sha256_of(wheel)
        if digest != OFFICIAL_SHA256:
            return f"SHA-256 mismatch (got {digest[:12]}..., expected {OFFICIAL_SHA256[:12]}...)"
        try:
            install(wheel)
        except InstallError as exc:
            return str(exc)
    return None


def ensure_pipeline(
    mode: str,
    *,
    installed: Installed | None,
    dist_dir: Path = DIST_DIR,
    download: Downloader = download_official,
    install: Installer = pip_install,
) -> str:
    """Decide what to do and do it; return ``"kept"``, ``"official"`` or ``"standin"``.

    Kept separate from the environment (installed state, downloader and pip are parameters) so the
    decision logic can be tested without network access or touching the virtualenv.
    """
    if mode not in MODES:
        raise InstallError(f"SPACY_PIPELINE must be one of {', '.join(MODES)} (got {mode!r})")

    if mode == "official":
        if installed is not None and not installed.is_standin:
            say(f"{PACKAGE} {installed.version} ({installed.kind}) is installed")
            return "kept"
        say(f"SPACY_PIPELINE=official: downloading {PACKAGE} {OFFICIAL_VERSION}")
        reason = try_official(download, install)
        if reason is not None:
            raise InstallError(
                f"official {PACKAGE} {OFFICIAL_VERSION} required but not installed: {reason}"
            )
        say(f"installed {PACKAGE} {OFFICIAL_VERSION} (official release)")
        return "official"

    if installed is not None and not installed.is_standin and mode == "auto":
        say(f"{PACKAGE} {installed.version} ({installed.kind}) is installed")
        return "kept"

    if installed is not None and installed.is_standin:
        try:
            wheel = standin_wheel(dist_dir)
        except InstallError as exc:
            say(
                f"{PACKAGE} {installed.version} (project stand-in) is installed; "
                f"cannot check for updates: {exc}"
            )
            return "kept"
        if is_current_standin(installed, wheel):
            say(f"{PACKAGE} {installed.version} (project stand-in, {wheel.name}) is installed")
            return "kept"
        say(f"installed stand-in {installed.version} differs from {wheel.name}; reinstalling")
        install(wheel)
        say(f"installed {PACKAGE} {wheel_version(wheel)} (project stand-in)")
        return "standin"

    if mode == "auto":
        say(f"{PACKAGE} not installed; trying the official {OFFICIAL_VERSION} release")
        reason = try_official(download, install)
        if reason is None:
            say(f"installed {PACKAGE} {OFFICIAL_VERSION} (official release)")
            return "official"
        say(
            f"official {PACKAGE} {OFFICIAL_VERSION} unavailable: {reason}; "
            "installing the project's stand-in instead"
        )
    elif installed is not None:
        say(
            f"SPACY_PIPELINE=standin: replacing {PACKAGE} {installed.version} "
            f"({installed.kind}) by the stand-in"
        )
    else:
        say("SPACY_PIPELINE=standin: skipping the download, installing the project's stand-in")

    wheel = standin_wheel(dist_dir)
    install(wheel)
    say(f"installed {PACKAGE} {wheel_version(wheel)} (project stand-in, {wheel.name})")
    return "standin"


def main() -> int:
    """Entry point: exit 0 when a pipeline is installed, 1 with a clear message otherwise."""
    mode = os.environ.get("SPACY_PIPELINE", "").strip().lower() or "auto"
    try:
        ensure_pipeline(mode, installed=installed_pipeline())
    except InstallError as exc:
        say(f"ERROR: {exc}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
