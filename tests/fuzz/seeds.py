#!/usr/bin/env python3
"""Seed corpora for the libFuzzer targets of tests/fuzz/, made at fuzz time.

    python3 tests/fuzz/seeds.py OUTDIR

Writes OUTDIR/TARGET/NAME files: the reply bodies recorded from a real MLflow
server (tests/conformance/recorded) sorted by the parser that reads them, the
MLmodel files of the local-store fixtures, the fixture PNGs, the bundled themes and a few key scripts and bindings. The small
hand-made regression inputs of crashes found so far live in
tests/fuzz/regress/TARGET/ and are run as a second corpus directory.
"""

import glob
import json
import os
import struct
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
STATUS = [400, 401, 403, 404, 429, 500, 502, 503, 200, 301]   # fuzz_error_reply.c
TYPES = ["application/json", "text/plain", "text/html", None,
         "application/json; charset=utf-8"]


def body_bytes(resp):
    b = resp.get("body")
    if b is None:
        return None
    if isinstance(b, str):
        return b.encode()
    return json.dumps(b).encode()


def targets_for(name, status):
    if status >= 400:
        return ["error_reply"]
    if "logged_model" in name:
        return ["logged_models"]
    if "runs_search" in name or "runs_get" in name:
        return ["runs", "logged_models"]
    if "experiments" in name:
        return ["experiments"]
    if "get_history" in name:
        return ["history"]
    if "artifacts_list" in name:
        return ["artifacts", "registry"]
    if "registered_models" in name or "model_versions" in name:
        return ["registry"]
    if "mlmodel" in name:
        return ["mlmodel", "registry", "text"]
    if "artifact_download" in name or "get_artifact" in name:
        return ["artifacts", "text"]
    return ["text"]


def runblob(runs):
    """A blob as core/runblob.c lays it out (see runblob.h): runs are tuples
    (run_id, name, [(metric, value, step)], [(param, value)], [(tag, value)])."""
    strs = [""]
    def sid(x):
        if x not in strs:
            strs.append(x)
        return strs.index(x)
    body = struct.pack("<I", len(runs))
    for run_id, name, metrics, params, tags in runs:
        body += struct.pack("<6I", sid(run_id), sid(name), sid("1"), sid("ana"),
                            sid("mlflow-artifacts:/1/" + run_id), sid("sklearn"))
        body += struct.pack("<BBqqIII", 2, 0, 1700000000000, 1700000100000,
                            len(metrics), len(params), len(tags))
        for k, v, step in metrics:
            body += struct.pack("<IdI", sid(k), v, step)
        for k, v in params + tags:
            body += struct.pack("<II", sid(k), sid(v))
    head = b"MLTRSB01" + struct.pack("<I", len(strs))
    for x in strs:
        b = x.encode()
        head += struct.pack("<I", len(b)) + b
    return head + body


def put(out, target, name, data):
    d = os.path.join(out, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def main():
    out = sys.argv[1]
    for path in sorted(glob.glob(os.path.join(ROOT, "tests/conformance/recorded*/*.json"))):
        name = os.path.basename(os.path.dirname(path)) + "-" + os.path.basename(path)[:-5]
        with open(path) as f:
            resp = json.load(f)["response"]
        body = body_bytes(resp)
        if body is None:
            continue
        for t in targets_for(name, resp["status"]):
            if t == "error_reply":
                ct = resp.get("content_type") or None
                s = STATUS.index(resp["status"]) if resp["status"] in STATUS else 0
                c = TYPES.index(ct) if ct in TYPES else 3
                body = bytes([s + 10 * c]) + body
            put(out, t, name, body)
    for i, png in enumerate(sorted(glob.glob(os.path.join(ROOT, "tests/fixtures/artifacts/*/*.png")))[:2]):
        with open(png, "rb") as f:
            put(out, "png", "fixture%d.png" % i, f.read())
    # MLmodel files as MLflow 2.17 and 3.5 wrote them (the local-store fixtures):
    # one of each shape (run model, logged model; 22, 37 and 41 lines).
    seen = set()
    for path in sorted(glob.glob(os.path.join(ROOT, "tests/fixtures/local-stores/*/**/MLmodel"),
                                 recursive=True)):
        with open(path, "rb") as f:
            data = f.read()
        shape = (data.count(b"\n"), b"model_id:" in data)
        if shape in seen:
            continue
        seen.add(shape)
        for t in ("mlmodel", "registry"):
            put(out, t, "fixture-mlmodel-%d" % len(seen), data)
    for theme in sorted(glob.glob(os.path.join(ROOT, "themes/*.theme"))):
        with open(theme, "rb") as f:
            put(out, "config", "theme-" + os.path.basename(theme), b"\x01" + f.read())
    put(out, "config", "keys-1", b"\x00" + b'j j Enter ":sort f1 desc<Enter>" ? C-d Esc M-x <lt> F12')
    put(out, "config", "keys-2", b"\x00" + b'"unterminated \\" <Foo>')
    put(out, "config", "bind-1", b"\x02" + b"bind generic r reload\nbind runs <C-x> open\n"
        b"bind artifacts F5 reload\n# comment\nbind runs Enter nosuch\n")
    put(out, "runblob", "two-runs", runblob([
        ("r1", "big-skink-198", [("f1", 0.93, 0), ("loss", float("nan"), 3)],
         [("n_estimators", "100")], [("mlflow.user", "ana")]),
        ("r2", "", [], [], [])]))
    put(out, "runblob", "empty", runblob([]))
    put(out, "text", "escapes", b"\x1b[31mred\x1b]0;title\x07 \xc2\x9b2J \xe2\x80\xae rtl \xff\xfe"
        b"\xe4\xb8\xad\xe6\x96\x87 wide\tand\nnew")
    return 0


if __name__ == "__main__":
    sys.exit(main())
