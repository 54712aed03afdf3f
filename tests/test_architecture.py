"""The shape of the code, checked from the source: which app may import which, no import
cycles, no function-level imports without a reason, no file of application code over 400
lines, and a core that names no app."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# The apps from the bottom up: an app may import only the apps below it (never a peer, never
# one above). config sits on top and mounts them all.
LAYERS = [
    ["core"],
    ["events"],
    ["registration"],
    ["documents", "inventory", "media_log"],
    ["monitoring"],
]
LEVEL = {app: level for level, apps in enumerate(LAYERS) for app in apps}
APPS = list(LEVEL)
MAX_LINES = 400


def _sources(*packages: str):
    for package in packages:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path, *, top_level_only: bool):
    """(line, absolute module name) of each import in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path).rpartition(".")[0]
    nodes = tree.body if top_level_only else ast.walk(tree)
    for node in nodes:
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module
            yield node.lineno, module
            # `from . import tasks` imports the submodule `tasks`.
            for alias in node.names:
                yield node.lineno, f"{module}.{alias.name}"


def test_each_app_imports_only_the_apps_below_it():
    wrong = []
    for app in APPS:
        for path in _sources(app):
            for line, module in _imports(path, top_level_only=False):
                target = module.split(".")[0]
                if target in LEVEL and target != app and LEVEL[target] >= LEVEL[app]:
                    wrong.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    assert wrong == []


def test_no_import_cycle_between_modules():
    project = {_module_name(path): path for path in _sources(*APPS, "config")}
    graph = {}
    for name, path in project.items():
        targets = set()
        for _line, module in _imports(path, top_level_only=True):
            # The longest project module that the import names.
            while module and module not in project:
                module = module.rpartition(".")[0]
            if module and module != name:
                targets.add(module)
        graph[name] = targets

    cycles = []
    state = {}  # 1: on the current path, 2: done

    def visit(node, trail):
        state[node] = 1
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                cycles.append(" → ".join(trail[trail.index(target) :] + [target]))
            elif target not in state:
                visit(target, trail + [target])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert cycles == []


def test_function_level_imports_only_in_app_ready_or_with_the_cycle_named():
    """Django loads models after every apps.py, so `ready()` imports inside; anywhere else an
    import inside a function must say, in a comment just above it, which cycle it breaks."""
    wrong = []
    for path in _sources(*APPS, "config"):
        lines = path.read_text(encoding="utf-8").splitlines()
        tree = ast.parse("\n".join(lines))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if path.name == "apps.py" and function.name == "ready":
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    comment = " ".join(lines[max(0, node.lineno - 4) : node.lineno - 1]).lower()
                    if "cycle" not in comment:
                        wrong.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert wrong == []


@pytest.mark.parametrize("package", [*APPS, "config"])
def test_no_file_of_application_code_is_over_400_lines(package):
    long = {
        str(path.relative_to(ROOT)): count
        for path in _sources(package)
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_core_names_no_app():
    """Not even as a dotted string (a task path, a permission, a URL name)."""
    named = []
    for path in _sources("core"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                head = node.value.split(".")[0].split(":")[0]
                if head in LEVEL and head != "core" and ("." in node.value or ":" in node.value):
                    named.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.value!r}")
    assert named == []


def test_the_layers_name_every_app_of_the_project():
    from django.conf import settings

    project_apps = [app for app in settings.INSTALLED_APPS if (ROOT / app / "apps.py").exists()]
    assert sorted(project_apps) == sorted(APPS)
