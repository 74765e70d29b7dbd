"""A sub-path deployment end to end: Debian's nginx, configured by contrib/nginx-protokoll.conf,
with HTTPS (a self-signed certificate made here with openssl) and basic auth, in front of
`protokoll serve --root-path /protokoll --workers 2` over a real archive."""
from __future__ import annotations

import os
import re
import shutil
import ssl
import subprocess
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx
import pytest

from web_support import ROOT, free_port, serving, wait_for_port, web_archive  # noqa: F401

pytestmark = pytest.mark.slow

NGINX = "/usr/sbin/nginx"
EXAMPLE = ROOT / "contrib" / "nginx-protokoll.conf"
USER, PASSWORD = "handlaggare", "Rätt-lösen-2025"


def make_certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "protokoll.pem", folder / "protokoll.key"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    return cert, key


def make_password_file(folder: Path) -> Path:
    hashed = subprocess.run(["openssl", "passwd", "-apr1", PASSWORD], check=True, capture_output=True, text=True).stdout
    path = folder / "protokoll.htpasswd"
    path.write_text(f"{USER}:{hashed.strip()}\n")
    return path


def site_config(app_port: int, http_port: int, https_port: int, cert: Path, key: Path, passwords: Path) -> str:
    """The contrib example with this test's ports and files; each swapped line must be there."""
    text = EXAMPLE.read_text()
    for old, new in [("server 127.0.0.1:8000;", f"server 127.0.0.1:{app_port};"),
                     ("listen 80;", f"listen 127.0.0.1:{http_port};"),
                     ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
                     ("/etc/ssl/certs/protokoll.pem", str(cert)), ("/etc/ssl/private/protokoll.key", str(key)),
                     ("/etc/nginx/protokoll.htpasswd", str(passwords))]:
        assert old in text, f"{EXAMPLE.name} no longer has {old!r}"
        text = text.replace(old, new)
    return text


def main_config(folder: Path, site: Path) -> str:
    """What /etc/nginx/nginx.conf gives a site, with every file of nginx's own in `folder`."""
    temp = " ".join(f"{kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    user = "user root;" if os.geteuid() == 0 else ""  # workers read the test's files, which only root may
    return (f"{user}\nworker_processes 1;\npid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'};\n"
            f"events {{ worker_connections 64; }}\n"
            f"http {{ access_log {folder / 'access.log'}; {temp}\n  include {site};\n}}\n")


@pytest.fixture(scope="module")
def deployment(web_archive, tmp_path_factory):
    """nginx on loopback in front of the application; yields (https base, http base, CA file, app log)."""
    folder = tmp_path_factory.mktemp("nginx")
    cert, key = make_certificate(folder)
    passwords = make_password_file(folder)
    app_log, access_log = folder / "serve.log", folder / "access.log.app"
    with serving(web_archive, app_log, "--workers", "2", "--root-path", "/protokoll", "--access-log", str(access_log)) as app:
        http_port, https_port = free_port(), free_port()
        site = folder / "protokoll.conf"
        site.write_text(site_config(urlsplit(app).port, http_port, https_port, cert, key, passwords))
        conf = folder / "nginx.conf"
        conf.write_text(main_config(folder, site))
        checked = subprocess.run([NGINX, "-t", "-p", str(folder), "-c", str(conf)], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr
        nginx = subprocess.Popen([NGINX, "-p", str(folder), "-c", str(conf), "-g", "daemon off;"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            wait_for_port(https_port, nginx)
            yield f"https://127.0.0.1:{https_port}", f"http://127.0.0.1:{http_port}", cert, access_log
        finally:
            nginx.terminate()
            nginx.wait(timeout=10)


@pytest.fixture(scope="module")
def client(deployment):
    https, _, cert, _ = deployment
    with httpx.Client(base_url=https, verify=ssl.create_default_context(cafile=str(cert)), auth=(USER, PASSWORD),
                      timeout=30) as client:
        yield client


def links(html: str) -> list[str]:
    return [link.replace("&amp;", "&") for link in re.findall(r'(?:href|action)="([^"#]*)', html)]


def test_login_and_https_are_required(deployment):
    https, http, cert, _ = deployment
    verify = ssl.create_default_context(cafile=str(cert))
    assert httpx.get(f"{https}/protokoll/", verify=verify).status_code == 401
    assert httpx.get(f"{https}/protokoll/", verify=verify, auth=(USER, "fel")).status_code == 401
    assert httpx.get(f"{https}/protokoll/api/search?q=bredband", verify=verify).status_code == 401
    plain = httpx.get(f"{http}/protokoll/")
    assert plain.status_code == 301 and plain.headers["location"].startswith("https://")
    with pytest.raises(httpx.ConnectError):  # the certificate is checked: no trust, no connection
        httpx.get(f"{https}/protokoll/", verify=True)


def test_every_link_of_the_pages_stays_under_the_sub_path_and_answers(client):
    start = client.get("/protokoll")
    assert start.status_code == 301 and start.headers["location"].endswith("/protokoll/")
    seen, pages = set(), ["/protokoll/", "/protokoll/?q=bredband", "/protokoll/?q=bredband&sida=2"]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        for link in links(response.text):
            absolute = urlsplit(urljoin(path, link)).path
            assert absolute.startswith("/protokoll/"), (path, link)
            seen.add(urljoin(path, link))
    paragraphs = [link for link in seen if "/paragraf/" in link]
    assert paragraphs and any("/static/style.css" in link for link in seen)
    for link in sorted(seen)[:40] + paragraphs[:3]:
        response = client.get(link)
        assert response.status_code == 200, link
    paragraph = client.get(paragraphs[0], headers={"referer": str(client.base_url) + "/protokoll/?q=bredband"})
    assert all(urlsplit(urljoin(paragraphs[0], link)).path.startswith("/protokoll/") for link in links(paragraph.text))
    assert 'href="' + str(client.base_url) + '/protokoll/?q=bredband"' in paragraph.text  # back to the hits


def test_redirects_and_the_api_know_the_sub_path(client):
    beyond = client.get("/protokoll/", params={"q": "bredband", "sida": "40"})
    assert beyond.status_code == 303 and beyond.headers["location"] == "/protokoll/?q=bredband&sida=2"
    api = client.get("/protokoll/api/search", params={"q": "bredband", "limit": "3"})
    assert api.status_code == 200 and api.json()["total"] > 3 and len(api.json()["hits"]) == 3
    assert client.get("/protokoll/api/openapi.json").json()["servers"] == [{"url": "/protokoll"}]
    assert client.get("/protokoll/api/search", params={"limit": "x"}).status_code == 400
    assert client.post("/protokoll/", data={"q": "x"}).status_code == 405


def test_health_check_needs_no_login_from_this_machine(deployment):
    https, _, cert, _ = deployment
    health = httpx.get(f"{https}/protokoll/healthz", verify=ssl.create_default_context(cafile=str(cert)))
    assert health.status_code == 200 and health.json()["documents"] > 0


def test_the_application_logs_each_request_with_the_forwarded_client(client, deployment):
    client.get("/protokoll/", params={"q": "kompetensförsörjning"})
    log = deployment[3].read_text()
    line = next(line for line in log.splitlines() if "kompetensf" in line)
    assert re.match(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{4} 127\.0\.0\.1:\d+ \"GET /protokoll/\?q=kompetensf\S+ HTTP/1\.1\" 200", line), line
