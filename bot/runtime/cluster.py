"""``make run-cluster``: the assistant scaled out on one machine, behind HAProxy.

The layout is the one a region would run on several machines (or Kubernetes, see the
README): every part has two replicas and nothing a replica keeps is needed by the other.

- 2 action servers, 2 Rasa servers and 2 web workers, each on a port of its own;
- Rasa's conversations in PostgreSQL (the masking SQL tracker store) and Rasa's Redis lock
  store (``endpoints.production.yml``), so either Rasa replica can take the next message of
  any conversation and only one handles it at a time;
- the project's own tables in PostgreSQL; the web workers' live events, offered buttons,
  rate limits and queue bound in Redis (:mod:`bot.web.state.shared`);
- HAProxy in front of each of the three kinds: the web service on ``WEB_PORT`` (8000), Rasa
  on ``RASA_PORT`` (5005) for the web workers, the action servers on ``ACTION_PORT`` (5055)
  for Rasa. Health checks take a dead replica out within about two seconds, and a request
  that cannot connect is sent to the other replica (``retry-on conn-failure`` with
  ``option redispatch``). Server-sent events pass through unbuffered (HAProxy streams
  responses; ``timeout tunnel`` keeps a quiet stream open).

Why HAProxy and not nginx: it retries a refused connection on the other replica and
checks health actively in its free version, which is what the fault tests rely on.
"""

from __future__ import annotations

import dataclasses
import os
import secrets
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bot.runtime.processes import ProcessSpec, Supervisor, child_environment, process_specs, serve
from bot.runtime.tokens import ensure_tokens
from bot.settings import PROJECT_ROOT, VAR_DIR, Settings, get_settings

DEFAULT_DATABASE_URL = "postgresql+psycopg2://postgres@127.0.0.1:5432/advies"
DEFAULT_TRACKER_STORE_URL = "postgresql://postgres@127.0.0.1:5432/advies_rasa"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
REPLICAS = 2
ENDPOINTS = "endpoints.production.yml"  # PostgreSQL tracker store, Redis lock store
# Rasa's lock store frees a conversation held by a replica that died after this many
# seconds (Rasa's default is 60, longer than a user waits for an answer).
TICKET_LOCK_LIFETIME = "15"


@dataclass(frozen=True)
class Layout:
    """Ports of the load balancer's frontends and of every replica."""

    front: Settings
    replicas: tuple[Settings, ...]
    database_url: str
    tracker_store_url: str
    redis_url: str
    stats_port: int

    @property
    def web_url(self) -> str:
        return self.front.web_url


def layout(env: dict[str, str] | None = None) -> Layout:
    """The cluster's layout from the environment (``CLUSTER_*`` settings, else defaults).

    Replica ports follow the frontends' unless set: web 8001, 8002; Rasa 5006, 5007;
    actions 5056, 5057 for the defaults 8000, 5005 and 5055.
    """
    env = dict(os.environ if env is None else env)
    front = get_settings(env)
    replicas = []
    for number in range(1, REPLICAS + 1):
        replicas.append(
            dataclasses.replace(
                front,
                web_port=_port(env, f"CLUSTER_WEB_PORT_{number}", front.web_port + number),
                rasa_port=_port(env, f"CLUSTER_RASA_PORT_{number}", front.rasa_port + number),
                action_port=_port(env, f"CLUSTER_ACTION_PORT_{number}", front.action_port + number),
            )
        )
    return Layout(
        front=front,
        replicas=tuple(replicas),
        database_url=env.get("DATABASE_URL") or DEFAULT_DATABASE_URL,
        tracker_store_url=env.get("TRACKER_STORE_URL") or DEFAULT_TRACKER_STORE_URL,
        redis_url=env.get("REDIS_URL") or DEFAULT_REDIS_URL,
        stats_port=_port(env, "CLUSTER_STATS_PORT", front.web_port + 404),
    )


def _port(env: dict[str, str], name: str, default: int) -> int:
    return int(env.get(name) or default)


def proxy_source(cluster: Layout) -> str:
    """The address HAProxy connects to the web workers from.

    On loopback a second address of its own (127.0.0.2), so that the workers trust
    ``X-Forwarded-For`` from HAProxy and from no other program on the machine.
    """
    host = cluster.front.host
    return "127.0.0.2" if host == "127.0.0.1" else host


def haproxy_config(cluster: Layout) -> str:
    """HAProxy's configuration: one frontend and backend per kind of process."""
    host = cluster.front.host
    lines = [
        "global",
        "    maxconn 2000",
        "    log stderr format raw daemon info",
        "defaults",
        "    mode http",
        "    log global",
        "    option forwardfor",  # the web workers limit per user's address, not HAProxy's
        # Path only (no query string: the stream's carries the chat's token); %rc = retries.
        '    log-format "%ci [%tr] %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %tsc retries=%rc %HM %HPO"',
        "    option http-keep-alive",
        "    option redispatch",
        "    http-reuse never",  # a new connection each time: a dead replica refuses it, retried
        "    retries 3",
        "    retry-on conn-failure empty-response",
        "    timeout connect 2s",
        "    timeout client 120s",
        "    timeout server 120s",
        "    timeout tunnel 1h",  # server-sent events: a quiet stream stays open
        "    timeout http-request 10s",
        # A busy Rasa answers its check late (50 users at once: over 1 s); a dead one at once.
        "    timeout check 5s",
        "    default-server inter 1s fall 2 rise 2",
        f"listen stats\n    bind {host}:{cluster.stats_port}\n    stats enable\n    stats uri /",
    ]
    kinds = (
        ("web", cluster.front.web_port, "web_port", "/health/live"),
        ("rasa", cluster.front.rasa_port, "rasa_port", "/"),
        ("actions", cluster.front.action_port, "action_port", "/health"),
    )
    for kind, front_port, field, check in kinds:
        lines += [
            f"frontend {kind}_front",
            f"    bind {host}:{front_port}",
            f"    default_backend {kind}",
            f"backend {kind}",
            "    balance roundrobin",
            f"    option httpchk GET {check}",
        ]
        if kind == "web":
            lines.append(f"    source {proxy_source(cluster)}")
        for number, replica in enumerate(cluster.replicas, start=1):
            lines.append(f"    server {kind}{number} {host}:{getattr(replica, field)} check")
    return "\n".join(lines) + "\n"


def cluster_specs(cluster: Layout, config: Path) -> list[ProcessSpec]:
    """Every replica of every kind (start order: actions, Rasa, web), then HAProxy."""
    specs: list[ProcessSpec] = []
    per_replica = [process_specs(replica, endpoints=ENDPOINTS) for replica in cluster.replicas]
    for kind in ("actions", "rasa", "web"):
        for number, replica_specs in enumerate(per_replica, start=1):
            spec = next(spec for spec in replica_specs if spec.name == kind)
            specs.append(dataclasses.replace(spec, name=f"{kind}-{number}"))
    haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
    specs.append(
        ProcessSpec("haproxy", [haproxy, "-db", "-f", str(config)], f"{cluster.web_url}/health")
    )
    return specs


def cluster_environment(cluster: Layout, env: dict[str, str]) -> dict[str, str]:
    """What every replica shares: the frontends' ports, PostgreSQL and Redis."""
    redis = urlsplit(cluster.redis_url)
    shared = dict(env)
    shared.update(
        {
            "RASA_PORT": str(cluster.front.rasa_port),
            "ACTION_PORT": str(cluster.front.action_port),
            "WEB_PORT": str(cluster.front.web_port),
            "DATABASE_URL": cluster.database_url,
            "TRACKER_STORE_URL": cluster.tracker_store_url,
            "REDIS_URL": cluster.redis_url,
            "REDIS_HOST": redis.hostname or "127.0.0.1",
            "REDIS_PORT": str(redis.port or 6379),
            "RASA_ENDPOINTS": ENDPOINTS,
            "TICKET_LOCK_LIFETIME": env.get("TICKET_LOCK_LIFETIME") or TICKET_LOCK_LIFETIME,
            # HAProxy on loopback says who the user is (option forwardfor); nobody else may.
            "BOT_TRUSTED_PROXY_HEADER": env.get("BOT_TRUSTED_PROXY_HEADER") or "X-Forwarded-For",
            # ... and only HAProxy: it connects to the web workers from its own address.
            "BOT_TRUSTED_PROXIES": env.get("BOT_TRUSTED_PROXIES") or proxy_source(cluster),
        }
    )
    return child_environment(get_settings(shared), shared)


def ensure_databases(*urls: str) -> None:
    """Create the PostgreSQL databases of the cluster when they are missing."""
    import sqlalchemy as sa

    for url in urls:
        parts = urlsplit(url)
        if not parts.scheme.startswith("postgresql"):
            continue
        name = parts.path.lstrip("/")
        scheme = "postgresql+psycopg2" if parts.scheme == "postgresql" else parts.scheme
        admin = urlunsplit((scheme, parts.netloc, "/postgres", "", ""))
        engine = sa.create_engine(admin, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as connection:
                exists = connection.execute(
                    sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
                ).first()
                if not exists:
                    connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        finally:
            engine.dispose()


def main() -> int:
    env = dict(os.environ)
    generated = ensure_tokens(env)
    if generated:
        print(f"[cluster] generated {', '.join(generated)}; see {VAR_DIR / 'tokens.env'}")
    # Every web worker must sign and check the chat's conversation tokens and the inbox's
    # session cookies with the same secret (one process makes up its own otherwise).
    env.setdefault("BOT_SESSION_SECRET", secrets.token_urlsafe(32))
    cluster = layout(env)
    if not Path(shutil.which("haproxy") or "/usr/sbin/haproxy").exists():
        print("[cluster] HAProxy is missing: run 'make cluster-setup' (as root)", file=sys.stderr)
        return 1
    ensure_databases(cluster.database_url, cluster.tracker_store_url)
    children = cluster_environment(cluster, env)
    os.environ.update({"DATABASE_URL": cluster.database_url})
    from bot.store.migrate import upgrade

    upgrade(cluster.database_url)
    work = Path(env.get("CLUSTER_DIR") or VAR_DIR / "cluster")
    work.mkdir(parents=True, exist_ok=True)
    config = work / "haproxy.cfg"
    config.write_text(haproxy_config(cluster), encoding="utf-8")
    log_dir = Path(env["CLUSTER_LOG_DIR"]) if env.get("CLUSTER_LOG_DIR") else None
    supervisor = Supervisor(cluster_specs(cluster, config), children, log_dir=log_dir, restart=True)
    from bot.practice.cleanup import start_cleanup_thread

    stop_cleanup = start_cleanup_thread(tracker_store_url=cluster.tracker_store_url)

    def _ready() -> None:
        print(
            f"[cluster] all parts are up behind HAProxy: web {cluster.web_url} "
            f"(2 workers), Rasa {cluster.front.rasa_url} (2 replicas), actions "
            f"{cluster.front.action_server_url} (2 replicas); HAProxy's statistics on "
            f"http://{cluster.front.host}:{cluster.stats_port}/. Press Ctrl-C to stop.",
            flush=True,
        )

    try:
        return serve(supervisor, _ready)
    finally:
        stop_cleanup.set()


if __name__ == "__main__":
    os.chdir(PROJECT_ROOT)
    sys.exit(main())
