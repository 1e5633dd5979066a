"""The Dockerfiles agree with the package and the manifests (no Docker engine here, so by reading them).

Each image's entry point is a console script the project declares, whose
function exists and whose package the image copies; exposed ports and the
health check's port are the service's defaults and the manifests' container
ports; every prefixed ENV is a real setting; images that leave out the model
stack neither install nor import it; each installs its
role's extra from its hashed lock in locks/.
"""

from __future__ import annotations

import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest
from packaging.utils import canonicalize_name

from tests.deploy.deploy_dockerfile import (
    DOCKERFILES,
    copied_sources,
    exec_form,
    healthcheck_command,
    import_closure,
    module_file,
    parse,
    top_level_function,
)
from tests.deploy.deploy_support import (
    REPO,
    SERVICES,
    Service,
    container_ports,
    main_container,
    named,
    render,
    settings_from_env,
)
from tests.packaging.packaging_support import LOCKS, MODEL_STACK, read_lock

BUILD_TOOLS = {"gcc", "g++", "make", "cmake", "build-essential", "git", "curl", "wget", "python3-pip", "python3-dev"}

pytestmark = pytest.mark.parametrize("variant", sorted(DOCKERFILES))


def service_for(variant: str) -> Service:
    return SERVICES[variant.removesuffix("-cuda")]


def console_scripts() -> dict[str, str]:
    return tomllib.loads((REPO / "pyproject.toml").read_text())["project"].get("scripts", {})


def test_multi_stage_non_root_without_build_tools(variant: str) -> None:
    stages = parse(DOCKERFILES[variant])
    assert len(stages) >= 2, "build in one stage, run in another"
    runtime = stages[-1]
    (user,) = runtime.all("USER")
    assert re.fullmatch(r"[1-9]\d*:[1-9]\d*", user), f"numeric non-root uid:gid (runAsNonRoot checks it): {user}"
    for run in runtime.all("RUN"):
        assert not re.search(r"\bpip3? install\b", run), "nothing is pip-installed into the final image"
        for installed in re.findall(r"apt-get install ([^&|;]*)", run):
            packages = {w for w in installed.split() if not w.startswith("-")}
            assert not packages & BUILD_TOOLS, f"build tools in the final image: {packages & BUILD_TOOLS}"
    copied_from_build = [a for a in runtime.all("COPY") if a.startswith("--from=")]
    assert copied_from_build, "the final image takes the built environment from the build stage"


def test_copied_paths_exist(variant: str) -> None:
    for stage in parse(DOCKERFILES[variant]):
        for source in copied_sources(stage):
            assert (REPO / source).exists(), f"{DOCKERFILES[variant].name} copies {source}, which is not in the repo"


def entry_module(variant: str) -> tuple[str, str, str]:
    """(console script, module, function) the image's ENTRYPOINT runs."""
    (entrypoint,) = parse(DOCKERFILES[variant])[-1].all("ENTRYPOINT")
    script = exec_form(entrypoint)[0]
    scripts = console_scripts()
    assert script in scripts, f"{script} is not in pyproject [project.scripts]: {sorted(scripts)}"
    module, _, function = scripts[script].partition(":")
    return script, module, function


def test_entry_point_is_a_declared_console_script(variant: str) -> None:
    script, module, function = entry_module(variant)
    assert module_file(module), f"{script} -> {module}, which is not in the repo"
    assert top_level_function(module, function), f"{module} has no top-level {function}()"
    build_sources = {s.rstrip("/") for stage in parse(DOCKERFILES[variant])[:-1] for s in copied_sources(stage)}
    outside = {m.split(".")[0] for m in import_closure(module) if module_file(m)} - build_sources
    assert not outside, f"{module} imports project packages the image does not copy: {sorted(outside)}"
    assert module_file(f"{service_for(variant).python_package}.__main__"), "python -m <package> must work as well"


def test_ports_match_settings_and_manifests(variant: str) -> None:
    service = service_for(variant)
    runtime = parse(DOCKERFILES[variant])[-1]
    exposed = sorted(int(p.split("/")[0]) for e in runtime.all("EXPOSE") for p in e.split())
    defaults = settings_from_env(service, {})
    assert exposed == sorted([defaults.port, defaults.metrics_port] if service.serves_grpc else [defaults.port])
    # The overlays keep the base's ports; test_deploy_manifests checks each overlay against the settings.
    workload = next(w for w in render("base") if w["kind"] in ("Deployment", "StatefulSet")
                    and w["metadata"]["labels"]["app.kubernetes.io/component"] == service.key)
    assert sorted(container_ports(main_container(workload)).values()) == exposed


def test_env_names_are_settings_and_parse(variant: str) -> None:
    service = service_for(variant)
    env = parse(DOCKERFILES[variant])[-1].env()
    prefixed = {k: v for k, v in env.items() if k.startswith(service.env_prefix)}
    unknown = set(prefixed) - service.env_names()
    assert not unknown, f"not settings of {service.settings_class}: {sorted(unknown)}"
    other_services = [s.env_prefix for s in SERVICES.values() if s is not service]
    assert not [k for k in env if k.startswith(tuple(other_services))], "another service's variable in this image"
    settings_from_env(service, prefixed)
    if service.key == "search":
        search = named(render("base"), "StatefulSet", "search")
        mounts = {m["mountPath"] for m in main_container(search)["volumeMounts"]}
        assert str(settings_from_env(service, prefixed).data_dir) in mounts, "the image's data folder is the PVC mount"


def test_healthcheck_asks_the_service_on_its_port(variant: str) -> None:
    service = service_for(variant)
    runtime = parse(DOCKERFILES[variant])[-1]
    command = healthcheck_command(runtime)
    script = command[1]
    copies = [a.split() for a in runtime.all("COPY") if a.split()[-1] == script]
    assert copies and copies[0][0] == "deploy/healthcheck.py", f"{script} is not the copied deploy/healthcheck.py"
    options = dict(zip(command[3::2], command[4::2]))
    if service.serves_grpc:
        assert command[2] == service.grpc_service_name
    else:
        # The web component's liveness route, over HTTPS exactly when it serves HTTPS.
        assert command[2] == "/healthz"
        assert options["--https-env"] == "WEB_TLS_CERT_FILE" and options["--https-env"] in service.env_names()
    defaults = settings_from_env(service, {})
    assert int(options["--port"]) == defaults.port
    assert options["--port-env"] == f"{service.env_prefix}PORT"
    assert options["--port-env"] in service.env_names()


# Imported only inside a function that catches the ImportError and names the extra to
# install, for a feature the image never runs: module -> where.
GUARDED_IMPORTS = {
    "huggingface_hub": "mediasearch.models.fetch (`mediasearch models fetch`)",
    # Only for a local .db SEARCH_MILVUS_URI (the [milvus] extra); the image talks to a Milvus cluster.
    "milvus_lite": "search_svc.core.milvus_collection (Milvus Lite)",
}


def image_lock(variant: str) -> Path:
    """The lock file the build stage installs with --require-hashes (copied from locks/)."""
    build = parse(DOCKERFILES[variant])[0]
    installs = [m.group(1) for run in build.all("RUN")
                for m in re.finditer(r"pip install --require-hashes --no-deps -r (\S+)", run)]
    assert len(installs) == 1, f"install the dependencies from one hashed lock: {installs}"
    (source,) = [s for s in copied_sources(build) if Path(s).name == installs[0]]
    return REPO / source


def test_image_installs_its_extra_from_its_lock(variant: str) -> None:
    role = service_for(variant).key
    assert image_lock(variant) == LOCKS / f"{role}.txt"
    runs = " ".join(parse(DOCKERFILES[variant])[0].all("RUN"))
    # Offline against the locked set: a lock that misses part of the extra fails the build.
    assert re.search(rf'pip install --no-index --find-links \S+ "mediasearch\[{role}\]"', runs), runs


def test_what_the_image_runs_is_installed_and_nothing_more(variant: str) -> None:
    build = parse(DOCKERFILES[variant])[0]
    installed = set(read_lock(image_lock(variant)))
    if any(re.search(r'pip install .*"torch==\$\{TORCH_VERSION\}"', run) for run in build.all("RUN")):
        installed.add("torch")  # pinned by version from PyTorch's own index, ahead of the lock
    reached = import_closure(entry_module(variant)[1])
    # Module names are not distribution names (grpcio installs grpc), so map them as installed here.
    distributions = packages_distributions()
    third_party = {m.split(".")[0] for m in reached if not module_file(m)} - set(sys.stdlib_module_names)
    third_party -= set(GUARDED_IMPORTS)
    missing = {m: distributions.get(m) for m in third_party
               if not {canonicalize_name(d) for d in distributions.get(m, [])} & installed}
    assert not missing, f"{variant} imports modules its lock does not install: {missing}"
    if service_for(variant).key != "embedder":
        assert not installed & MODEL_STACK, f"{variant} installs the model stack: {sorted(installed & MODEL_STACK)}"
        hits = {m: chain for m, chain in reached.items()
                if {canonicalize_name(d) for d in distributions.get(m.split(".")[0], [])} & MODEL_STACK}
        assert not hits, "the image leaves the model stack out, yet its code imports it: " + "; ".join(
            " -> ".join(chain) for chain in hits.values()
        )
