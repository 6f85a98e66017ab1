"""docker-compose.yml и Dockerfile как данные: порядок запуска, проверки здоровья, команды, nginx.

Docker на машине CI не запускается, поэтому проверяем то, что решает, поднимется ли стек: кто кого ждёт,
у кого есть healthcheck, и что каждая команда сервиса есть в образе — исполняемый файл ставится
из uv.lock без dev-зависимостей, а подкоманда (manage.py ..., celery ..., модуль gunicorn) существует.
"""

import importlib
import re
import shlex
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import get_commands

ROOT = Path(settings.BASE_DIR)
APP_SERVICES = ("migrate", "web", "worker", "beat")
AFTER_MIGRATE = ("web", "worker", "beat")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def services(compose) -> dict:
    return compose["services"]


def _dockerfile() -> str:
    return (ROOT / "Dockerfile").read_text(encoding="utf-8")


def _runtime_distributions() -> set[str]:
    """Пакеты, которые Dockerfile ставит из uv.lock: зависимости проекта и extra s3 со всеми их
    зависимостями (с учётом запрошенных extras вроде celery[redis]), без dev."""
    lock = tomllib.loads((ROOT / "uv.lock").read_text(encoding="utf-8"))
    packages = {p["name"]: p for p in lock["package"]}
    project = packages["roadmap500"]
    todo = [*project["dependencies"], *project["optional-dependencies"]["s3"]]
    seen: set[str] = set()
    while todo:
        dependency = todo.pop()
        package = packages[dependency["name"]]
        todo += [dep for dep in package.get("dependencies", []) if dep["name"] not in seen]
        for extra in dependency.get("extra", []):
            todo += package.get("optional-dependencies", {}).get(extra, [])
        seen.add(dependency["name"])
    return seen


def _command_words(service: dict) -> list[str]:
    command = service.get("command")
    if command is None:
        cmd = re.search(r"^CMD (\[.*\])", _dockerfile(), re.MULTILINE)
        return yaml.safe_load(cmd.group(1))
    words = shlex.split(command) if isinstance(command, str) else list(command)
    if words[:2] == ["sh", "-c"]:
        words = shlex.split(words[2].replace("$$", "$"))
        if words[0] == "exec":
            words = words[1:]
    return words


def _distribution_of_script(script: str) -> str:
    for entry_point in metadata.entry_points(group="console_scripts"):
        if entry_point.name == script:
            return entry_point.dist.name.lower().replace("_", "-")
    raise AssertionError(f"нет исполняемого файла {script} ни в одном пакете")


def test_web_worker_and_beat_start_only_after_migrations_finished(services):
    migrate = services["migrate"]
    assert _command_words(migrate)[:3] == ["python", "manage.py", "migrate"]
    assert str(migrate.get("restart")) == "no", "migrate — одноразовый сервис"
    assert migrate["depends_on"]["postgres"]["condition"] == "service_healthy"
    for name in AFTER_MIGRATE:
        depends = services[name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully", name
        assert depends["postgres"]["condition"] == "service_healthy", name
        assert depends["redis"]["condition"] == "service_healthy", name
        assert "migrate" not in " ".join(_command_words(services[name])), f"{name} не должен мигрировать сам"


def test_start_order_has_no_cycles_and_waits_only_on_services_with_healthchecks(services):
    order: list[str] = []

    def visit(name: str, path: tuple[str, ...]) -> None:
        assert name not in path, f"цикл зависимостей: {' -> '.join((*path, name))}"
        if name in order:
            return
        for dependency, rule in services[name].get("depends_on", {}).items():
            assert dependency in services, f"{name} ждёт несуществующий {dependency}"
            if rule["condition"] == "service_healthy":
                assert "healthcheck" in services[dependency], f"{name} ждёт {dependency} без healthcheck"
            visit(dependency, (*path, name))
        order.append(name)

    for name in services:
        visit(name, ())
    assert order.index("migrate") < min(order.index(n) for n in AFTER_MIGRATE) < order.index("nginx")


def test_every_long_running_service_has_a_healthcheck(services):
    for name, service in services.items():
        if name == "migrate":
            continue
        check = service.get("healthcheck")
        assert check and check.get("test"), f"у {name} нет healthcheck"


def test_every_service_command_exists_in_the_app_image(services):
    runtime = _runtime_distributions()
    manage_commands = get_commands()
    for name in APP_SERVICES:
        words = _command_words(services[name])
        executable = words[0]
        if executable == "python":
            assert words[1] == "manage.py", name
            assert words[2] in manage_commands, f"{name}: нет команды manage.py {words[2]}"
            continue
        assert _distribution_of_script(executable) in runtime, f"{name}: {executable} не ставится в образ"
        if executable == "celery":
            app = words[words.index("-A") + 1]
            importlib.import_module(f"{app}.celery")
            assert {"worker", "beat"} & set(words), name
        elif executable == "gunicorn":
            args = words[1:]
            if "-c" in args:  # файл настроек gunicorn должен быть в репозитории (он копируется в образ)
                config_path = args[args.index("-c") + 1]
                assert (ROOT / config_path).is_file(), f"{name}: нет {config_path}"
                del args[args.index("-c") : args.index("-c") + 2]
            module, _, attr = args[0].partition(":")
            assert callable(getattr(importlib.import_module(module), attr)), name
    # Команда образа по умолчанию (CMD в Dockerfile) — тоже.
    assert _distribution_of_script(_command_words({})[0]) in runtime


def test_app_services_build_the_app_stage_and_plain_docker_build_gives_the_app_too(services):
    for name in APP_SERVICES:
        assert services[name]["build"] == {"context": ".", "target": "app"}, name
    stages = re.findall(r"^FROM (\S+)(?: AS (\S+))?$", _dockerfile(), re.MULTILINE)
    assert stages[0][1] == "app" and stages[-1] == ("app", ""), (
        "последняя стадия Dockerfile — образ приложения"
    )


def test_image_installs_exactly_the_lock_with_s3_libreoffice_fonts_and_a_writable_home():
    dockerfile = _dockerfile()
    assert re.search(r"COPY pyproject\.toml uv\.lock", dockerfile)
    sync = re.search(r"uv sync ((?:[^\n]*\\\n)*[^\n]*)", dockerfile).group(1)
    for flag in ("--locked", "--no-dev", "--extra s3", "--no-install-project"):
        assert flag in sync, flag
    assert "pip install ." not in dockerfile
    for package in (
        "libreoffice-writer-nogui",
        "libreoffice-calc-nogui",
        "fonts-dejavu-core",
        "fonts-liberation2",
        "libpango-1.0-0",
    ):
        assert package in dockerfile, package
    assert "HOME=/home/app" in dockerfile and "XDG_CACHE_HOME=/home/app/.cache" in dockerfile
    assert re.search(r"chown -R app:app [^\n]*/home/app", dockerfile)
    bootstrap = (ROOT / "scripts" / "bootstrap.sh").read_text(encoding="utf-8")
    uv_version = re.search(r'^UV_VERSION="([^"]+)"', bootstrap, re.MULTILINE).group(1)
    assert f"ARG UV_VERSION={uv_version}" in dockerfile, "одна версия uv в bootstrap и Dockerfile"


def test_nginx_terminates_tls_caps_uploads_hides_version_and_leaves_downloads_to_django(services):
    nginx = services["nginx"]
    assert nginx["build"]["target"] == "proxy"
    assert re.search(r"^FROM nginx:\S+ AS proxy$", _dockerfile(), re.MULTILINE)
    assert "COPY --from=app /app/staticfiles /srv/static" in _dockerfile()
    assert nginx["depends_on"]["web"]["condition"] == "service_healthy"
    assert any(v.endswith(":/etc/nginx/tls:ro") and "TLS_CERT_DIR" in v for v in nginx["volumes"])
    assert "UPLOAD_MAX_MB" in nginx["environment"]
    conf = (ROOT / "deploy" / "nginx" / "default.conf.template").read_text(encoding="utf-8")
    assert "server_tokens off;" in conf
    assert "ssl_certificate /etc/nginx/tls/fullchain.pem;" in conf
    assert "client_max_body_size ${NGINX_CLIENT_MAX_BODY_MB}m;" in conf
    envsh = (ROOT / "deploy" / "nginx" / "15-upload-limit.envsh").read_text(encoding="utf-8")
    assert "NGINX_CLIENT_MAX_BODY_MB=$(( ${UPLOAD_MAX_MB:-25} + 1 ))" in envsh
    assert "location /static/" in conf and "alias /srv/static/;" in conf
    assert "/media" not in re.sub(r"#[^\n]*", "", conf), "загрузки отдаёт Django после проверки прав"
    assert "proxy_pass http://roadmap_web;" in conf and "server web:8000;" in conf
    assert "X-Forwarded-Proto $scheme" in conf
