#!/usr/bin/env python3
"""MLflow-compatible test server for mltui (Python 3 standard library only).

Serves the MLflow 3.5 REST API that mltui uses, from a fixture file, with the behaviour
recorded from a real MLflow 3.5 server (tests/conformance/recorded, RECORDING.md).

    python3 tests/server/mlflow_server.py --fixture tests/fixtures/neos.json \
        [--port 0] [--port-file FILE] [--synthetic-runs N [--synthetic-running K]] \
        [--delay-ms N] [--write-delay-ms N] [--count-file FILE] [--list-delay-file F] \
        [--delay-file F] \
        [--artifact-list-delay-ms N] [--version-delay-ms N] \
        [--basic-auth USER:PASS] [--token TOKEN] [--read-only-user] [--log FILE] \
        [--artifacts-destination PATH] [--mlflow2]

--fixture may be given more than once (tests/fixtures/neos_real_client.json adds MLflow 3
logged models). --mlflow2 answers like MLflow 2.17 (../conformance/MLFLOW2.md): /version
2.17.2, no logged-models routes (HTML 404), runs/get without `outputs`, no Host/Origin checks.

It binds 127.0.0.1 only. Once it accepts connections it writes the port to --port-file
and prints "listening on http://127.0.0.1:PORT". SIGTERM / SIGINT stop it cleanly.
"""

import argparse
import base64
import binascii
import ipaddress
import json
import os
import signal
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import handlers  # noqa: E402
import search  # noqa: E402
from errors import ApiError, PERMISSION_DENIED, INTERNAL_ERROR  # noqa: E402
from store import Store, load_fixture, add_synthetic, set_running  # noqa: E402

VERSION = "3.5.1.dev0"
VERSION_MLFLOW2 = "2.17.2"

HTML_404 = ("<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n"
            "<h1>Not Found</h1>\n<p>The requested URL was not found on the server. If you "
            "entered the URL manually please check your spelling and try again.</p>\n")
HTML_405 = ("<!doctype html>\n<html lang=en>\n<title>405 Method Not Allowed</title>\n"
            "<h1>Method Not Allowed</h1>\n<p>The method is not allowed for the requested "
            "URL.</p>\n")
HOST_REJECTED = "Invalid Host header - possible DNS rebinding attack detected"
CORS_REJECTED = "Cross-origin request blocked"
AUTH_MESSAGE = ("You are not authenticated. Please see "
                "https://www.mlflow.org/docs/latest/auth/index.html#authenticating-to-mlflow "
                "on how to authenticate.")
LIST_READS = ("/mlflow/registered-models/search", "/mlflow/registered-models/get",
              "/mlflow/model-versions/search", "/mlflow/logged-models/search")
JSON_TYPE = "application/json"
HTML_TYPE = "text/html; charset=utf-8"


def pretty(obj):
    """MLflow's success output: 2-space indented JSON, ASCII-escaped."""
    return json.dumps(obj, indent=2).encode("ascii")


def _host_is_local(host):
    """The default allow-list of MLflow 3.5's security middleware: localhost, loopback and
    private address ranges, any port."""
    if host is None:
        return True
    h = host.strip().lower()
    if h.startswith("["):
        h = h[1:].split("]", 1)[0]
    elif h.count(":") == 1:
        h = h.split(":", 1)[0]
    if h in ("localhost", "0.0.0.0") or h.endswith(".localhost"):
        return True
    try:
        ip = ipaddress.ip_address(h)
    except ValueError:
        return False
    return ip.is_loopback or ip.is_private or ip.is_unspecified


def _origin_is_local(origin):
    try:
        u = urllib.parse.urlsplit(origin)
    except ValueError:
        return False
    if u.scheme not in ("http", "https") or not u.hostname:
        return False
    h = u.hostname.lower()
    if h == "localhost":
        return True
    try:
        return ipaddress.ip_address(h).is_loopback
    except ValueError:
        return False


class App:
    def __init__(self, store, delay_ms=0, basic_auth=None, token=None, read_only=False,
                 log_path=None, mlflow2=False, write_delay_ms=0):
        self.store = store
        self.mlflow2 = mlflow2
        self.delay_ms = delay_ms
        self.write_delay_ms = write_delay_ms
        self.delay_file = None
        self.list_delay_file = None
        self.artifact_list_delay_ms = 0
        self.version_delay_ms = 0
        self.basic_auth = basic_auth
        self.token = token
        self.read_only = read_only
        self.log_path = log_path
        self.log_lock = threading.Lock()
        self.search_cache = {}
        self.count_path = None
        self.count_lock = threading.Lock()

    # -- what went over the wire (bench/bench_watch.c counts it) ---------------------------
    def count_reply(self, method, path, request_bytes, status, reply_bytes):
        if not self.count_path:
            return
        line = "%.3f %s %s %d %d %d\n" % (time.time(), method, path.split("?", 1)[0],
                                          request_bytes, status, reply_bytes)
        with self.count_lock:
            with open(self.count_path, "a", encoding="utf-8") as f:
                f.write(line)

    # -- runs/search output ----------------------------------------------------------------
    def encode_runs_page(self, page, token):
        return search.page_json("runs", page, token, lambda r: r.to_json(False))

    # -- request log -----------------------------------------------------------------------
    def log_request(self, method, path, query, body, headers):
        if not self.log_path:
            return
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            text = "<%d bytes of binary data>" % len(body)
        if len(text) > 100000:
            text = text[:100000] + "...<truncated>"
        entry = {"time": round(time.time(), 3), "method": method, "path": path,
                 "query": {k: (v if len(v) > 1 else v[0]) for k, v in query.items()},
                 "body": text,
                 "headers": {k: v for k, v in headers.items()
                             if k.lower() in ("origin", "authorization", "content-type",
                                              "user-agent", "host", "accept-encoding")}}
        line = json.dumps(entry, sort_keys=True) + "\n"
        with self.log_lock:
            with open(self.log_path, "a", encoding="utf-8") as f:
                f.write(line)

    # -- auth ------------------------------------------------------------------------------
    def authorized(self, header):
        if not self.basic_auth and not self.token:
            return True
        if not header:
            return False
        scheme, _, cred = header.strip().partition(" ")
        scheme = scheme.lower()
        cred = cred.strip()
        if scheme == "basic" and self.basic_auth:
            try:
                return base64.b64decode(cred, validate=True).decode("utf-8") == self.basic_auth
            except (binascii.Error, UnicodeDecodeError, ValueError):
                return False
        if scheme == "bearer" and self.token:
            return cred == self.token
        return False

    # -- dispatch --------------------------------------------------------------------------
    def handle(self, method, raw_path, headers, body):
        """-> (status, content_type, body_bytes, extra_headers)."""
        split = urllib.parse.urlsplit(raw_path)
        path = urllib.parse.unquote(split.path)
        query = urllib.parse.parse_qs(split.query, keep_blank_values=True)
        self.log_request(method, split.path, query, body, headers)

        if path == "/version" and self.version_delay_ms:
            time.sleep(self.version_delay_ms / 1000.0)
        if path in ("/health", "/version"):
            if method not in ("GET", "HEAD"):
                return 405, HTML_TYPE, HTML_405.encode(), [("Allow", "GET, HEAD, OPTIONS")]
            version = VERSION_MLFLOW2 if self.mlflow2 else VERSION
            return 200, HTML_TYPE, (b"OK" if path == "/health" else version.encode()), []

        if not self.mlflow2 and not _host_is_local(headers.get("Host")):
            return 403, "text/plain", HOST_REJECTED.encode(), []

        if not self.authorized(headers.get("Authorization")):
            return 401, "text/plain", AUTH_MESSAGE.encode(), [
                ("WWW-Authenticate", 'Basic realm="mlflow"')]

        origin = headers.get("Origin")
        if origin is not None and not self.mlflow2 \
                and method in ("POST", "PUT", "PATCH", "DELETE") \
                and not _origin_is_local(origin):
            return 403, "text/plain", CORS_REJECTED.encode(), []

        methods, extra = handlers.resolve(path, self.mlflow2)
        if methods is None:
            return 404, HTML_TYPE, HTML_404.encode(), []
        if method == "OPTIONS":
            allow = ", ".join(sorted(set(methods) | {"OPTIONS"}))
            return 200, HTML_TYPE, b"", [("Allow", allow)]
        entry = methods.get("GET" if method == "HEAD" else method)
        if entry is None:
            allow = set(methods) | {"OPTIONS"}
            if "GET" in allow:
                allow.add("HEAD")
            return 405, HTML_TYPE, HTML_405.encode(), [("Allow", ", ".join(sorted(allow)))]
        func, writes = entry
        if self.list_delay_file and path.endswith(LIST_READS):
            self.list_delay()
        if writes and self.read_only:
            return self.error(ApiError(PERMISSION_DENIED, "Permission denied"))

        json_body = {}
        if method != "GET" and body and func is not handlers.proxy_artifact:
            try:
                parsed = json.loads(body.decode("utf-8"))
                if isinstance(parsed, dict):
                    json_body = parsed
            except (ValueError, UnicodeDecodeError):
                json_body = {}   # MLflow treats a body it cannot parse as an empty request
        req = handlers.Request(method, path, query, body, json_body, headers, self)
        try:
            result = func(req, extra) if extra is not None else func(req)
        except ApiError as e:
            return self.error(e)
        except Exception as e:  # a bug in the test server: answer like MLflow would
            import traceback
            traceback.print_exc()
            return self.error(ApiError(INTERNAL_ERROR, "%s: %s" % (type(e).__name__, e)))
        if writes and self.write_delay_ms:
            # The write is made; only its answer is late (a client timing out
            # here cannot know the outcome: that is what this is for).
            time.sleep(self.write_delay_ms / 1000.0)
        if isinstance(result, tuple):
            return result
        return 200, JSON_TYPE, pretty(result), []

    def list_delay(self):
        """While the file exists, its number (ms) delays the registry and logged-models
        lists (tests slow them down mid-test, as --delay-file does runs/search)."""
        try:
            with open(self.list_delay_file) as f:
                delay = int(f.read().strip() or 0)
        except (OSError, ValueError):
            return
        if delay > 0:
            time.sleep(delay / 1000.0)

    @staticmethod
    def error(e):
        return e.status, JSON_TYPE, json.dumps(e.to_json()).encode("ascii"), []


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def version_string(self):
        return "uvicorn"

    def log_message(self, fmt, *args):  # quiet
        pass

    def _read_body(self):
        te = (self.headers.get("Transfer-Encoding") or "").lower()
        if "chunked" in te:
            chunks = []
            while True:
                line = self.rfile.readline()
                if not line:
                    break
                size = int(line.split(b";", 1)[0].strip() or b"0", 16)
                if size == 0:
                    while True:   # trailers
                        t = self.rfile.readline()
                        if not t or t in (b"\r\n", b"\n"):
                            break
                    break
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            return b"".join(chunks)
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n > 0 else b""

    def _dispatch(self):
        body = self._read_body()
        headers = {k: v for k, v in self.headers.items()}
        # keep the header names as sent but make lookups case-insensitive
        hdrs = _CIDict(headers)
        status, ctype, data, extra = self.server.app.handle(self.command, self.path, hdrs, body)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
        self.server.app.count_reply(self.command, self.path, len(body), status,
                                    0 if self.command == "HEAD" else len(data))

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = _dispatch


class _CIDict(dict):
    def __init__(self, d):
        super().__init__(d)
        self._lower = {k.lower(): v for k, v in d.items()}

    def get(self, key, default=None):
        return self._lower.get(key.lower(), default)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, port, app):
        super().__init__(("127.0.0.1", port), Handler)
        self.app = app


def build_app(args):
    dest = args.artifacts_destination or os.path.abspath("mlartifacts")
    store = Store(dest)
    for fixture in args.fixture or []:
        load_fixture(store, fixture)
    if args.synthetic_runs:
        exp = add_synthetic(store, args.synthetic_runs)
        if args.synthetic_running is not None:
            set_running(store, exp, args.synthetic_running)
    app = App(store, delay_ms=args.delay_ms, basic_auth=args.basic_auth, token=args.token,
              read_only=args.read_only_user, log_path=args.log, mlflow2=args.mlflow2,
              write_delay_ms=args.write_delay_ms)
    app.delay_file = args.delay_file
    app.count_path = args.count_file
    app.list_delay_file = args.list_delay_file
    app.artifact_list_delay_ms = args.artifact_list_delay_ms
    app.version_delay_ms = args.version_delay_ms
    return app


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--fixture", action="append",
                    help="fixture JSON file (tests/fixtures/README.md); may be repeated")
    ap.add_argument("--mlflow2", action="store_true",
                    help="answer like MLflow 2.17: no logged-models routes, 2.17.2 version")
    ap.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0: a free one)")
    ap.add_argument("--port-file", help="write the chosen port here once accepting")
    ap.add_argument("--synthetic-runs", type=int, default=0,
                    help="add experiment 'synthetic' with N runs")
    ap.add_argument("--synthetic-running", type=int, metavar="K",
                    help="with --synthetic-runs: exactly the K newest runs RUNNING, the "
                         "others FINISHED (by default about 1 in 10 runs is running)")
    ap.add_argument("--count-file", metavar="FILE",
                    help="append a line per reply: time method path request-bytes status "
                         "reply-bytes (bodies; what bench/bench_watch.c counts)")
    ap.add_argument("--delay-ms", type=int, default=0,
                    help="sleep this long before answering each runs/search")
    ap.add_argument("--write-delay-ms", type=int, default=0,
                    help="make each write, then sleep this long before answering it")
    ap.add_argument("--delay-file", metavar="FILE",
                    help="while FILE exists, its number is the runs/search delay in ms "
                         "(tests change it mid-test)")
    ap.add_argument("--list-delay-file", metavar="FILE",
                    help="while FILE exists, its number is the delay in ms of "
                         "registered-models/search and /get, model-versions/search and "
                         "logged-models/search (tests change it mid-test)")
    ap.add_argument("--artifact-list-delay-ms", type=int, default=0,
                    help="sleep this long before answering each artifacts/list")
    ap.add_argument("--version-delay-ms", type=int, default=0,
                    help="sleep this long before answering /version (a client that "
                         "learns the server's MLflow version late)")
    ap.add_argument("--basic-auth", metavar="USER:PASS", help="require HTTP basic auth")
    ap.add_argument("--token", help="require 'Authorization: Bearer TOKEN'")
    ap.add_argument("--read-only-user", action="store_true",
                    help="answer every write with 403 PERMISSION_DENIED")
    ap.add_argument("--log", help="append one JSON line per request to this file")
    ap.add_argument("--artifacts-destination",
                    help="path shown in artifact error messages (artifacts live in memory)")
    return ap.parse_args(argv)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    t0 = time.time()
    app = build_app(args)
    server = Server(args.port, app)
    port = server.server_address[1]

    stopping = threading.Event()

    def stop(signum, frame):
        if not stopping.is_set():
            stopping.set()
            threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    if args.port_file:
        tmp = args.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % port)
        os.replace(tmp, args.port_file)
    sys.stdout.write("listening on http://127.0.0.1:%d\n" % port)
    sys.stdout.flush()
    sys.stderr.write("loaded in %.1f s: %d experiments, %d runs\n"
                     % (time.time() - t0, len(app.store.experiments), len(app.store.runs)))
    sys.stderr.flush()
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
