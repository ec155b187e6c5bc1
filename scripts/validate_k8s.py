"""``make k8s``: render the Kubernetes manifests in deploy/ and validate them.

``kubectl kustomize`` renders each folder (the base and every overlay) and
kubernetes-validate checks every object against the Kubernetes schemas (strict: an
unknown field is an error). kubernetes-validate needs a newer jsonschema than Rasa 3.6
allows, so it gets its own virtualenv in ``var/k8s-validate-venv``, made with any Python
3.10+ found here (as the privacy benchmark does for deduce).
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
VALIDATOR_VERSION = "1.37.0"
KUBERNETES_VERSION = "1.32.0"  # the oldest minor still supported upstream in December 2026
VENV = ROOT / "var" / "k8s-validate-venv"
RUNNER = ROOT / "scripts" / "k8s_validate_runner.py"


def folders() -> list[Path]:
    """Every folder with a kustomization: the base and each overlay."""
    return sorted(path.parent for path in DEPLOY.rglob("kustomization.yaml"))


def render(folder: Path) -> str:
    """The objects of one folder as kubectl would apply them."""
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        raise RuntimeError("kubectl is not installed: it renders the manifests (kustomize)")
    done = subprocess.run(
        [kubectl, "kustomize", str(folder)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"kubectl kustomize {folder} failed: {done.stderr.strip()}")
    return done.stdout


def _base_python() -> str:
    candidates = [os.environ.get("K8S_VALIDATE_PYTHON", "")]
    candidates += sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/3.1[1-3]*/bin/python")))
    candidates += [shutil.which(f"python3.{minor}") or "" for minor in (11, 12, 13, 10)]
    candidates.append(getattr(sys, "_base_executable", "") or "")
    check = "import sys, venv; sys.exit(0 if sys.version_info >= (3, 10) else 1)"
    for candidate in candidates:
        usable = candidate and Path(candidate).exists()
        if usable and subprocess.run([candidate, "-c", check], check=False).returncode == 0:
            return candidate
    raise RuntimeError("no Python 3.10+ found for kubernetes-validate; set K8S_VALIDATE_PYTHON")


def validator_python() -> Path:
    """kubernetes-validate's own Python, installed on first use."""
    python = VENV / "bin" / "python"
    probe = "import importlib.metadata as m; print(m.version('kubernetes-validate'))"
    if python.exists():
        found = subprocess.run([python, "-c", probe], capture_output=True, text=True, check=False)
        if found.stdout.strip() == VALIDATOR_VERSION:
            return python
    print(f"[k8s] installing kubernetes-validate {VALIDATOR_VERSION} into {VENV}", flush=True)
    subprocess.run([_base_python(), "-m", "venv", "--clear", str(VENV)], check=True)
    subprocess.run(
        [
            python,
            "-m",
            "pip",
            "install",
            "-q",
            "--disable-pip-version-check",
            f"kubernetes-validate=={VALIDATOR_VERSION}",
        ],
        check=True,
    )
    return python


def validate(manifests: str, version: str = KUBERNETES_VERSION) -> list[dict[str, str | None]]:
    """One result per object: its kind, name and error (None when it is valid)."""
    done = subprocess.run(
        [validator_python(), RUNNER, version],
        input=manifests,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"kubernetes-validate failed: {done.stderr[-2000:]}")
    return list(json.loads(done.stdout))


def main() -> int:
    failures = 0
    for folder in folders():
        results = validate(render(folder))
        bad = [r for r in results if r["error"]]
        failures += len(bad)
        print(f"[k8s] {folder.relative_to(ROOT)}: {len(results)} objects, {len(bad)} invalid")
        for result in bad:
            print(f"      {result['kind']} {result['name']}: {result['error']}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
