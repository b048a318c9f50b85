#!/usr/bin/env python3
"""A fault-injecting HTTP proxy for mltui's tests (Python 3 standard library only).

It sits in front of the project's MLflow test server (which stays clean) and, for
requests whose path matches a pattern, answers with a named fault instead of (or on
top of) the server's reply. Everything else is passed through unchanged.

    python3 tests/server/faultproxy.py --upstream http://127.0.0.1:PORT \
        [--port 0] [--port-file FILE] [--fault 'REGEX=NAME[:ARG[:ARG2]]'...] [--die-with PID]

It binds 127.0.0.1 only, speaks HTTP/1.1 with keep-alive (so a client reuses its
connections as it would with a real server), writes its port to --port-file once
it accepts connections, and stops on SIGTERM / SIGINT.

Faults (ARG in brackets):
  reset               read the request, do not forward it, reset the connection (RST)
  reset-after-request forward the request (the server applies it), then reset without
                      a reply byte: the client cannot know the outcome
  close-mid-body      forward; send the headers and half the body, then close
  truncate            forward; send the first half of the body with a matching length
  malformed           200, JSON content type, a body that is not JSON
  wrong-types         forward; every JSON value replaced by one of another type
  deep-nesting        200, [[[[...]]]] nested [ARG, default 100000] deep
  huge                200, a valid JSON object of [ARG MiB, default 64] padding
  drip                forward; send the reply one byte every [ARG ms, default 1000]
  token-repeat        forward (page_token removed); next_page_token always "again"
  token-endless       forward (page_token removed); a new next_page_token every time
  token-first         forward; the reply re-ordered with next_page_token first and a
                      decoy member last, {"decoy": {"next_page_token": "decoy"}}: a
                      client that trusts the reply's tail for the token is wrong
  overfull            forward with max_results removed (the server's default page size
                      comes back: more than the client asked for)
  status              reply [ARG, default 503] with an MLflow error body and
                      Retry-After: [ARG2] when given
  redirect-off-host   302 to the same path on 127.0.0.2 (another loopback address)
  gzip-lie            200, Content-Encoding: gzip, a small body that inflates to
                      [ARG MiB, default 1024] of JSON padding
Patterns are searched in the path without its query string. A fault may be limited to the first N matching requests with a "*N" suffix on the
name (e.g. "status*2:503:1"): later requests pass through.

Control (on the proxy itself, never forwarded):
  POST /__fault__/set    {"pattern": REGEX, "fault": NAME, "arg": ..., "arg2": ...,
                          "times": N (0: always)}     adds a rule (first match wins)
  POST /__fault__/clear  removes every rule and zeroes the counters
  GET  /__fault__/counts {"received": {path: n}, "forwarded": {path: n}}
"""

import argparse
import gzip
import http.client
import io
import json
import os
import re
import signal
import socket
import struct
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOCK = threading.Lock()
RULES = []          # dicts: pattern (compiled), fault, arg, arg2, times, used
RECEIVED = {}
FORWARDED = {}
UPSTREAM = None     # (host, port)
TOKEN_SEQ = [0]
GZIP_CACHE = {}
HOP = {"connection", "keep-alive", "transfer-encoding", "content-length",
       "content-encoding", "proxy-connection", "upgrade", "te", "trailer"}


def add_rule(pattern, fault, arg=None, arg2=None, times=0):
    with LOCK:
        RULES.append({"pattern": re.compile(pattern), "fault": fault, "arg": arg,
                      "arg2": arg2, "times": int(times or 0), "used": 0})


def parse_rule(spec):
    """'REGEX=NAME[*N][:ARG[:ARG2]]' from the command line."""
    pattern, _, rest = spec.rpartition("=")
    parts = rest.split(":")
    name, _, times = parts[0].partition("*")
    add_rule(pattern, name, parts[1] if len(parts) > 1 else None,
             parts[2] if len(parts) > 2 else None, int(times or 0))


def pick_rule(path):
    with LOCK:
        for r in RULES:
            if r["pattern"].search(path):
                if r["times"] and r["used"] >= r["times"]:
                    continue
                r["used"] += 1
                return dict(r)
    return None


def gzip_bomb(mib):
    with LOCK:
        if mib in GZIP_CACHE:
            return GZIP_CACHE[mib]
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as g:
        g.write(b'{"pad": "')
        chunk = b" " * (1 << 20)
        for _ in range(mib):
            g.write(chunk)
        g.write(b'"}')
    data = out.getvalue()
    with LOCK:
        GZIP_CACHE[mib] = data
    return data


def wrong_types(v):
    if isinstance(v, dict):
        return {k: wrong_types(x) for k, x in v.items()}
    if isinstance(v, list):
        return {"not": "a list"}
    if isinstance(v, str):
        return 12345
    if isinstance(v, bool) or v is None:
        return "true"
    if isinstance(v, (int, float)):
        return ["a", "list"]
    return v


def strip_token(path, body, key="page_token"):
    """The request without its page_token (so the server gives page 1 again)."""
    u = urllib.parse.urlsplit(path)
    q = [(k, v) for k, v in urllib.parse.parse_qsl(u.query, keep_blank_values=True)
         if k != key]
    path = urllib.parse.urlunsplit(("", "", u.path, urllib.parse.urlencode(q), ""))
    if body:
        try:
            o = json.loads(body)
            if isinstance(o, dict):
                o.pop(key, None)
                body = json.dumps(o).encode()
        except ValueError:
            pass
    return path, body


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "faultproxy"

    def log_message(self, fmt, *args):   # quiet
        pass

    def _body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n > 0 else b""

    def _send(self, status, body, ctype="application/json", extra=None):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def _reset(self):
        """Close with RST (SO_LINGER 0): the client sees 'connection reset'."""
        try:
            self.wfile.flush()
        except OSError:
            pass
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack("ii", 1, 0))
        except OSError:
            pass
        self.close_connection = True
        try:
            self.connection.close()
        except OSError:
            pass

    def _forward(self, path, body):
        upath = urllib.parse.urlsplit(path).path
        with LOCK:
            FORWARDED[upath] = FORWARDED.get(upath, 0) + 1
        c = http.client.HTTPConnection(UPSTREAM[0], UPSTREAM[1], timeout=60)
        try:
            hdrs = {k: v for k, v in self.headers.items()
                    if k.lower() not in HOP and k.lower() != "accept-encoding"}
            if body or self.command not in ("GET", "HEAD"):
                hdrs["Content-Length"] = str(len(body))
            c.request(self.command, path, body=body if body else None, headers=hdrs)
            resp = c.getresponse()
            data = resp.read()
            headers = [(k, v) for k, v in resp.getheaders() if k.lower() not in HOP]
            return resp.status, headers, data
        finally:
            c.close()

    def _relay(self, status, headers, data):
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _control(self, path, body):
        if path == "/__fault__/set":
            o = json.loads(body or b"{}")
            add_rule(o["pattern"], o["fault"], o.get("arg"), o.get("arg2"), o.get("times", 0))
            return self._send(200, b"{}")
        if path == "/__fault__/clear":
            with LOCK:
                RULES.clear()
                RECEIVED.clear()
                FORWARDED.clear()
            return self._send(200, b"{}")
        if path == "/__fault__/counts":
            with LOCK:
                out = {"received": dict(RECEIVED), "forwarded": dict(FORWARDED)}
            return self._send(200, json.dumps(out).encode())
        return self._send(404, b'{"error_code": "NOT_FOUND", "message": "no such control"}')

    def _handle(self):
        body = self._body()
        path = self.path
        upath = urllib.parse.urlsplit(path).path
        if upath.startswith("/__fault__/"):
            return self._control(upath, body)
        with LOCK:
            RECEIVED[upath] = RECEIVED.get(upath, 0) + 1
        rule = pick_rule(upath)
        if not rule:
            return self._relay(*self._forward(path, body))
        f, arg, arg2 = rule["fault"], rule["arg"], rule["arg2"]
        if f == "reset":
            return self._reset()
        if f == "reset-after-request":
            self._forward(path, body)
            return self._reset()
        if f == "malformed":
            return self._send(200, b'{"runs": [{"info": {"run_id": "x", oops')
        if f == "deep-nesting":
            n = int(arg or 100000)
            return self._send(200, b"[" * n + b"]" * n)
        if f == "huge":
            n = int(arg or 64) << 20
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(n + 11))
            self.end_headers()
            try:
                self.wfile.write(b'{"pad": "')
                chunk = b" " * (1 << 20)
                left = n
                while left > 0:
                    self.wfile.write(chunk[:min(left, len(chunk))])
                    left -= len(chunk)
                self.wfile.write(b'"}')
            except OSError:
                self.close_connection = True
            return None
        if f == "status":
            code = int(arg or 503)
            extra = {"Retry-After": str(arg2)} if arg2 is not None else None
            msg = json.dumps({"error_code": "TEMPORARILY_UNAVAILABLE",
                              "message": "fault proxy: HTTP %d" % code}).encode()
            return self._send(code, msg, extra=extra)
        if f == "redirect-off-host":
            port = self.server.server_address[1]
            return self._send(302, b"", "text/html",
                              {"Location": "http://127.0.0.2:%d%s" % (port, path)})
        if f == "gzip-lie":
            data = gzip_bomb(int(arg or 1024))
            return self._send(200, data, extra={"Content-Encoding": "gzip"})
        if f in ("token-repeat", "token-endless"):
            path, body = strip_token(path, body)
        if f == "overfull":
            path, body = strip_token(path, body, "max_results")
        status, headers, data = self._forward(path, body)
        if f in ("close-mid-body", "truncate"):
            half = data[:len(data) // 2]
            self.send_response(status)
            for k, v in headers:
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(data) if f == "close-mid-body"
                                                   else len(half)))
            self.end_headers()
            self.wfile.write(half)
            if f == "close-mid-body":
                self.close_connection = True
                self.wfile.flush()
                self.connection.shutdown(socket.SHUT_RDWR)
            return None
        if f == "drip":
            delay = int(arg or 1000) / 1000.0
            self.send_response(status)
            for k, v in headers:
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            try:
                for i in range(len(data)):
                    self.wfile.write(data[i:i + 1])
                    self.wfile.flush()
                    time.sleep(delay)
            except OSError:
                self.close_connection = True
            return None
        if f == "token-first":
            try:
                o = json.loads(data)
            except ValueError:
                return self._relay(status, headers, data)
            if isinstance(o, dict) and "next_page_token" in o:
                o = dict([("next_page_token", o["next_page_token"])] +
                         [(k, v) for k, v in o.items() if k != "next_page_token"] +
                         [("decoy", {"next_page_token": "decoy"})])
            return self._relay(status, headers, json.dumps(o).encode())
        if f in ("wrong-types", "token-repeat", "token-endless"):
            try:
                o = json.loads(data)
            except ValueError:
                return self._relay(status, headers, data)
            if f == "wrong-types":
                o = wrong_types(o)
            elif isinstance(o, dict):
                if f == "token-repeat":
                    o["next_page_token"] = "again"
                else:
                    with LOCK:
                        TOKEN_SEQ[0] += 1
                        o["next_page_token"] = "endless-%d" % TOKEN_SEQ[0]
            return self._relay(status, headers, json.dumps(o).encode())
        if f == "overfull":
            return self._relay(status, headers, data)
        return self._send(500, json.dumps({"error_code": "INTERNAL_ERROR",
                                           "message": "unknown fault " + f}).encode())

    def _guard(self):
        try:
            self._handle()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    do_GET = do_POST = do_PATCH = do_DELETE = do_PUT = _guard


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    global UPSTREAM
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--upstream", required=True, help="http://127.0.0.1:PORT of the server")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--port-file")
    ap.add_argument("--fault", action="append", default=[], metavar="REGEX=NAME[:ARG]")
    ap.add_argument("--die-with", type=int, metavar="PID",
                    help="exit when process PID (e.g. the upstream server) is gone")
    a = ap.parse_args()
    u = urllib.parse.urlsplit(a.upstream)
    if u.hostname not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("faultproxy: the upstream must be on loopback")
    UPSTREAM = (u.hostname, u.port or 80)
    for spec in a.fault:
        parse_rule(spec)
    srv = Server(("127.0.0.1", a.port), Handler)
    port = srv.server_address[1]

    def stop(*_):
        threading.Thread(target=srv.shutdown, daemon=True).start()
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    if a.die_with:
        def watch():
            while True:
                time.sleep(0.2)
                try:
                    os.kill(a.die_with, 0)
                except OSError:
                    os._exit(0)
        threading.Thread(target=watch, daemon=True).start()
    if a.port_file:
        tmp = a.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % port)
        os.replace(tmp, a.port_file)
    print("listening on http://127.0.0.1:%d -> %s" % (port, a.upstream), flush=True)
    srv.serve_forever()
    srv.server_close()


if __name__ == "__main__":
    main()
