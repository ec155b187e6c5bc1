"""The Kubernetes manifests in deploy/ render, pass the Kubernetes schemas, and match the
cluster layout of ``make run-cluster`` (the same processes, probes and callers)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import validate_k8s  # noqa: E402

pytestmark = pytest.mark.skipif(
    shutil.which("kubectl") is None, reason="kubectl renders the manifests (kustomize)"
)

# What HAProxy checks in `make run-cluster` (bot/runtime/cluster.py): a probe must ask the same.
READY_PATHS = {"web": "/health/live", "rasa": "/", "actions": "/health"}
# Who may call whom: the ingress controller calls web, web calls Rasa, Rasa calls actions.
CALLERS = {"rasa": "web", "actions": "rasa"}


def _objects(folder: Path) -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all(validate_k8s.render(folder)) if doc]


def _by_kind(objects: list[dict[str, Any]], kind: str) -> dict[str, dict[str, Any]]:
    return {o["metadata"]["name"]: o for o in objects if o["kind"] == kind}


@pytest.mark.parametrize("folder", validate_k8s.folders(), ids=lambda p: p.name)
def test_every_object_passes_the_kubernetes_schemas(folder: Path) -> None:
    results = validate_k8s.validate(validate_k8s.render(folder))
    assert len(results) >= 15
    assert [r for r in results if r["error"]] == []


def test_the_validator_refuses_a_wrong_manifest() -> None:
    broken = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "web"},
        "spec": {
            "replica": 2,  # a typo: strict validation refuses unknown fields
            "selector": {"matchLabels": {"a": "b"}},
            "template": {
                "metadata": {"labels": {"a": "b"}},
                "spec": {"containers": [{"name": "web", "image": "x"}]},
            },
        },
    }
    [result] = validate_k8s.validate(yaml.safe_dump(broken))
    assert result["error"] and "replica" in result["error"]


def test_the_three_processes_run_as_make_run_starts_them() -> None:
    deployments = _by_kind(_objects(validate_k8s.DEPLOY / "base"), "Deployment")
    assert set(deployments) == {"web", "rasa", "actions"}
    commands = {
        name: " ".join(d["spec"]["template"]["spec"]["containers"][0]["command"])
        for name, d in deployments.items()
    }
    # The same guarded launchers as `make run` (bot/runtime/processes.py).
    assert "-m bot.runtime.action_server --actions actions" in commands["actions"]
    assert "-m bot.rasa.launcher run" in commands["rasa"]
    assert "--auth-token" not in commands["rasa"]  # the token stays out of the pod spec
    assert "-m bot.runtime.web_server" in commands["web"]
    for name, deployment in deployments.items():
        assert deployment["spec"]["replicas"] >= 2, name  # one may restart, one answers
        container = deployment["spec"]["template"]["spec"]["containers"][0]
        assert container["readinessProbe"]["httpGet"]["path"] == READY_PATHS[name]
        assert container["securityContext"]["allowPrivilegeEscalation"] is False
        sources = {next(iter(s.values()))["name"] for s in container["envFrom"]}
        assert sources == {"advies-config", "advies-secrets"}


def test_each_process_is_reachable_only_from_its_caller() -> None:
    objects = _objects(validate_k8s.DEPLOY / "base")
    policies = _by_kind(objects, "NetworkPolicy")
    deny = policies["default-deny-ingress"]["spec"]
    assert deny["podSelector"] == {} and deny["policyTypes"] == ["Ingress"]
    for target, caller in CALLERS.items():
        [policy] = [
            p["spec"]
            for p in policies.values()
            if p["spec"]["podSelector"].get("matchLabels", {}).get("app.kubernetes.io/name")
            == target
        ]
        [rule] = policy["ingress"]
        [source] = rule["from"]
        assert source == {"podSelector": {"matchLabels": {"app.kubernetes.io/name": caller}}}
    ingress = _by_kind(objects, "Ingress")["web"]
    backends = {
        path["backend"]["service"]["name"]
        for rule in ingress["spec"]["rules"]
        for path in rule["http"]["paths"]
    }
    assert backends == {"web"}  # Rasa and the action server are never public


def test_the_urls_in_the_config_name_the_services() -> None:
    objects = _objects(validate_k8s.DEPLOY / "base")
    config = _by_kind(objects, "ConfigMap")["advies-config"]["data"]
    services = {
        name: s["spec"]["ports"][0]["port"] for name, s in _by_kind(objects, "Service").items()
    }
    assert config["RASA_URL"] == f"http://rasa:{services['rasa']}"
    assert config["ACTION_ENDPOINT_URL"] == f"http://actions:{services['actions']}/webhook"
    secrets = [o for o in objects if o["kind"] == "Secret"]
    assert secrets == []  # the school makes its own Secret; none is kept in git
