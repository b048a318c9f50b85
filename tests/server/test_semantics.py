#!/usr/bin/env python3
"""Unit tests of the test server's own search semantics (filter grammar, order_by, paging)
beyond what the recordings cover, plus its command-line features (auth, read-only user,
request log, Origin check, synthetic data, write endpoints).

Ends with a line "N passed, N failed".
"""

import base64
import http.client
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FIXTURE = os.path.join(ROOT, "tests", "fixtures", "neos.json")
sys.path.insert(0, HERE)

import search  # noqa: E402
import mlflow_server  # noqa: E402
from errors import ApiError  # noqa: E402
from store import Store, Run, add_synthetic  # noqa: E402

NAN = float("nan")


def make_store(specs):
    """specs: list of dicts with name, start, metrics, params, tags, status, user."""
    st = Store("/tmp/dest")
    exp = st.create_experiment("t")
    for i, s in enumerate(specs):
        run = Run("a%031x" % (i + 1), exp.experiment_id, s["name"], s.get("user", "u"),
                  s.get("status", "FINISHED"), s.get("start", 1000 + i), s.get("end"),
                  "mlflow-artifacts:/%s/a%031x/artifacts" % (exp.experiment_id, i + 1))
        for k, v in s.get("metrics", {}).items():
            run.log_metric(k, v, 1, 0)
        run.params.update(s.get("params", {}))
        run.tags.update(s.get("tags", {}))
        run.tags.setdefault("mlflow.runName", s["name"])
        if s.get("deleted"):
            run.lifecycle_stage = "deleted"
        st.runs[run.run_id] = run
        st.runs_by_experiment[exp.experiment_id].append(run)
    return st, exp.experiment_id


def names(runs):
    return [r.run_name for r in runs]


class FilterParsing(unittest.TestCase):
    def parse(self, f):
        return search.parse_run_filter(f)

    def test_prefix_aliases(self):
        for prefix, t in [("metric", "metric"), ("metrics", "metric"), ("param", "parameter"),
                          ("params", "parameter"), ("parameter", "parameter"),
                          ("tag", "tag"), ("tags", "tag"), ("attribute", "attribute"),
                          ("attributes", "attribute"), ("attr", "attribute"),
                          ("run", "attribute")]:
            key = "status" if t == "attribute" else "x"
            val = "1" if t == "metric" else "'v'"
            p = self.parse("%s.%s = %s" % (prefix, key, val))
            self.assertEqual(p[0]["type"], t, prefix)

    def test_bare_attribute_and_aliases(self):
        self.assertEqual(self.parse("status = 'RUNNING'")[0]["key"], "status")
        self.assertEqual(self.parse("created > 5")[0]["key"], "created")
        self.assertEqual(search.translate_key_alias("Run Name"), "run_name")

    def test_backtick_and_double_quoted_keys(self):
        p = self.parse("metrics.`val/loss` < 1 and params.\"my param\" = 'a b'"
                       " and tags.`mlflow.runName` LIKE 'x%'")
        self.assertEqual([(c["type"], c["key"]) for c in p],
                         [("metric", "val/loss"), ("parameter", "my param"),
                          ("tag", "mlflow.runName")])
        self.assertEqual(p[1]["value"], "a b")

    def test_dotted_tag_key(self):
        self.assertEqual(self.parse("tags.mlflow.source.type = 'LOCAL'")[0]["key"],
                         "mlflow.source.type")

    def test_double_quoted_value(self):
        self.assertEqual(self.parse('params.a = "x y"')[0]["value"], "x y")

    def test_numbers(self):
        self.assertEqual(self.parse("metrics.a > -1.5e-3")[0]["value"], "-1.5e-3")
        self.assertEqual(self.parse("metrics.a>=2")[0]["comparator"], ">=")

    def test_in_and_not_in_run_id(self):
        p = self.parse("attributes.run_id IN ('aa', 'bb') and run_id NOT IN ('cc')")
        self.assertEqual(p[0]["comparator"], "IN")
        self.assertEqual(p[0]["value"], ["aa", "bb"])
        self.assertEqual(p[1]["comparator"], "NOT IN")
        self.assertEqual(p[1]["value"], ["cc"])

    def test_in_other_attribute_refused(self):
        with self.assertRaises(ApiError) as cm:
            self.parse("attributes.status IN ('RUNNING', 'FAILED')")
        self.assertEqual(cm.exception.message, "Only the 'run_id' attribute supports "
                         "comparison with a list of quoted string values.")

    def test_or_rejected(self):
        with self.assertRaises(ApiError) as cm:
            self.parse("metrics.a > 1 OR metrics.b > 1")
        self.assertEqual(cm.exception.message, "Invalid clause(s) in filter string: 'OR'")
        self.assertEqual(cm.exception.status, 400)

    def test_unquoted_string_rejected(self):
        with self.assertRaises(ApiError) as cm:
            self.parse("params.a = abc")
        self.assertIn("not quoted", cm.exception.message)

    def test_metric_needs_number(self):
        with self.assertRaises(ApiError) as cm:
            self.parse("metrics.a > 'x'")
        self.assertEqual(cm.exception.message, "Expected numeric value type for metric. Found 'x'")

    def test_bad_entity(self):
        with self.assertRaises(ApiError) as cm:
            self.parse("foo.a = 'x'")
        self.assertIn("Invalid entity type 'foo'", cm.exception.message)

    def test_bad_comparators(self):
        st, eid = make_store([{"name": "a"}])
        for f, msg in [("metrics.f1 >> 0.9", "Invalid comparator '>>' not one of '{'>=', '!=', "
                        "'<=', '<', '>', '='}"),
                       ("params.a > 'x'", "Invalid comparator '>' not one of "),
                       ("metrics.a LIKE 1", "Invalid comparator 'LIKE' not one of ")]:
            with self.assertRaises(ApiError) as cm:
                search.search_runs(st, [eid], f, [], 1)
            self.assertTrue(cm.exception.message.startswith(msg), cm.exception.message)

    def test_empty_filter(self):
        self.assertEqual(self.parse(""), [])
        self.assertEqual(self.parse(None), [])


class FilterMatching(unittest.TestCase):
    def setUp(self):
        self.st, self.eid = make_store([
            {"name": "alpha-1", "metrics": {"f1": 0.9, "loss": NAN},
             "params": {"lr": "0.1", "opt": "Adam"}, "tags": {"team": "Vision"}},
            {"name": "beta_2", "metrics": {"f1": 0.5}, "params": {"lr": "0.01"},
             "status": "RUNNING"},
            {"name": "alpha%3", "metrics": {"f1": 0.7, "loss": 0.2},
             "params": {"opt": "adam"}, "tags": {"team": "nlp"}},
            {"name": "gamma", "deleted": True, "metrics": {"f1": 1.0}},
        ])

    def run_search(self, f, view=1):
        return names(search.search_runs(self.st, [self.eid], f, [], view))

    def test_like_is_case_sensitive_with_wildcards(self):
        self.assertEqual(self.run_search("attributes.run_name LIKE 'alpha%'"),
                         ["alpha%3", "alpha-1"])
        self.assertEqual(self.run_search("attributes.run_name LIKE 'ALPHA%'"), [])
        self.assertEqual(self.run_search("run_name LIKE 'beta_2'"), ["beta_2"])
        self.assertEqual(self.run_search("run_name LIKE 'bet_'"), [])
        self.assertEqual(self.run_search("run_name LIKE '_eta%'"), ["beta_2"])
        self.assertEqual(self.run_search("params.opt LIKE 'adam'"), ["alpha%3"])

    def test_ilike(self):
        self.assertEqual(self.run_search("params.opt ILIKE 'ADAM'"), ["alpha%3", "alpha-1"])
        self.assertEqual(self.run_search("tags.team ilike 'v%'"), ["alpha-1"])

    def test_missing_key_never_matches(self):
        self.assertEqual(self.run_search("params.opt != 'adam'"), ["alpha-1"])
        self.assertEqual(self.run_search("metrics.loss >= 0"), ["alpha%3", "alpha-1"])

    def test_nan_compares_as_zero_like_the_sql_store(self):
        self.assertEqual(self.run_search("metrics.loss = 0"), ["alpha-1"])

    def test_params_compare_as_strings(self):
        self.assertEqual(self.run_search("params.lr = '0.10'"), [])
        self.assertEqual(self.run_search("params.lr = '0.1'"), ["alpha-1"])

    def test_numeric_attributes(self):
        self.assertEqual(self.run_search("attributes.start_time >= 1001"), ["alpha%3", "beta_2"])
        self.assertEqual(self.run_search("created < 1001"), ["alpha-1"])

    def test_run_id_in(self):
        ids = ["a%031x" % 1, "a%031x" % 3]
        self.assertEqual(self.run_search("attributes.run_id IN ('%s', '%s')" % tuple(ids)),
                         ["alpha%3", "alpha-1"])
        self.assertEqual(self.run_search("run_id NOT IN ('%s')" % ids[0]),
                         ["alpha%3", "beta_2"])

    def test_view_types(self):
        self.assertEqual(self.run_search("", 2), ["gamma"])
        self.assertEqual(len(self.run_search("", 3)), 4)
        self.assertEqual(len(self.run_search("")), 3)

    def test_and(self):
        self.assertEqual(self.run_search("metrics.f1 > 0.6 AND params.opt = 'adam'"),
                         ["alpha%3"])


class Ordering(unittest.TestCase):
    def setUp(self):
        # start times: a=1000 b=1001 c=1002 d=1003 e=1004 f=1005
        self.st, self.eid = make_store([
            {"name": "a", "metrics": {"m": 0.5}, "params": {"p": "10"}},
            {"name": "b", "metrics": {"m": NAN}, "params": {"p": "9"}},
            {"name": "c", "params": {"p": "10"}},
            {"name": "d", "metrics": {"m": 0.5}},
            {"name": "e", "metrics": {"m": -1.0}, "params": {"p": "a"}},
            {"name": "f", "metrics": {"m": NAN}},
        ])

    def order(self, *order_by):
        return names(search.search_runs(self.st, [self.eid], "", list(order_by), 1))

    def test_default_order_is_start_time_desc(self):
        self.assertEqual(self.order(), ["f", "e", "d", "c", "b", "a"])

    def test_metric_asc_nan_then_missing_last(self):
        self.assertEqual(self.order("metrics.m ASC"), ["e", "d", "a", "f", "b", "c"])

    def test_metric_desc_nan_then_missing_last(self):
        self.assertEqual(self.order("metrics.m DESC"), ["d", "a", "e", "f", "b", "c"])

    def test_params_sort_as_strings_missing_last(self):
        self.assertEqual(self.order("params.p ASC"), ["c", "a", "b", "e", "f", "d"])
        self.assertEqual(self.order("params.p DESC"), ["e", "b", "c", "a", "f", "d"])

    def test_multi_key(self):
        self.assertEqual(self.order("params.p ASC", "metrics.m DESC"),
                         ["a", "c", "b", "e", "d", "f"])

    def test_explicit_start_time_then_run_id(self):
        self.assertEqual(self.order("attributes.start_time ASC"), ["a", "b", "c", "d", "e", "f"])

    def test_run_id_tiebreak(self):
        st, eid = make_store([{"name": "x", "start": 5}, {"name": "y", "start": 5},
                              {"name": "z", "start": 5}])
        runs = search.search_runs(st, [eid], "", ["attributes.status DESC"], 1)
        self.assertEqual(names(runs), ["x", "y", "z"])

    def test_backtick_order_key(self):
        st, eid = make_store([{"name": "x", "metrics": {"val/loss": 2.0}},
                              {"name": "y", "metrics": {"val/loss": 1.0}}])
        runs = search.search_runs(st, [eid], "", ["metrics.`val/loss` ASC"], 1)
        self.assertEqual(names(runs), ["y", "x"])

    def test_bad_order_by(self):
        for ob, msg in [("metrics.m SIDEWAYS",
                         "Invalid ordering key in order_by clause 'metrics.m SIDEWAYS'."),
                        ("metrics.m ASC x",
                         "Invalid order_by clause 'metrics.m ASC x'. Could not be parsed."),
                        ("nope", "Invalid attribute key 'nope' specified.")]:
            with self.assertRaises(ApiError) as cm:
                self.order(ob)
            self.assertTrue(cm.exception.message.startswith(msg), cm.exception.message)

    def test_duplicate_order_by(self):
        with self.assertRaises(ApiError) as cm:
            self.order("metrics.m ASC", "metrics.m DESC")
        self.assertIn("duplicate", cm.exception.message)


class Paging(unittest.TestCase):
    def test_token_roundtrip(self):
        tok = search.make_page_token(5)
        self.assertEqual(tok, "eyJvZmZzZXQiOiA1fQ==")
        self.assertEqual(search.parse_page_token(tok), 5)

    def test_bad_tokens(self):
        with self.assertRaises(ApiError) as cm:
            search.parse_page_token("not-a-token")
        self.assertEqual(cm.exception.message, "Invalid page token, could not base64-decode")
        with self.assertRaises(ApiError):
            search.parse_page_token(base64.b64encode(b"[1]").decode())

    def test_runs_exactly_full_pages_end_with_empty_page(self):
        items = list(range(10))
        page, tok = search.page_when_full(items, 0, 5)
        self.assertEqual(page, [0, 1, 2, 3, 4])
        page, tok = search.page_when_full(items, search.parse_page_token(tok), 5)
        self.assertEqual(page, [5, 6, 7, 8, 9])
        self.assertIsNotNone(tok)
        page, tok = search.page_when_full(items, search.parse_page_token(tok), 5)
        self.assertEqual(page, [])
        self.assertIsNone(tok)

    def test_runs_partial_last_page_has_no_token(self):
        page, tok = search.page_when_full(list(range(7)), 5, 5)
        self.assertEqual(page, [5, 6])
        self.assertIsNone(tok)

    def test_lookahead_paging(self):
        page, tok = search.page_lookahead(list(range(10)), 5, 5)
        self.assertEqual(page, [5, 6, 7, 8, 9])
        self.assertIsNone(tok)
        page, tok = search.page_lookahead(list(range(11)), 5, 5)
        self.assertEqual(search.parse_page_token(tok), 10)

    def test_history_bug_without_max_results(self):
        page, tok = search.page_lookahead([1, 2, 3], 0, 0)
        self.assertEqual(page, [])
        self.assertEqual(tok, "eyJvZmZzZXQiOiAwfQ==")


class Synthetic(unittest.TestCase):
    def test_deterministic_shape(self):
        a = Store("/tmp/d")
        b = Store("/tmp/d")
        add_synthetic(a, 300)
        add_synthetic(b, 300)
        ra = a.runs_by_experiment["1"]
        rb = b.runs_by_experiment["1"]
        self.assertEqual([r.run_id for r in ra], [r.run_id for r in rb])
        self.assertEqual(len(ra), 300)
        self.assertEqual(a.experiments["1"].name, "synthetic")
        nan = missing_m = missing_p = 0
        for r in ra:
            self.assertLessEqual(len(r.metrics), 30)
            self.assertLessEqual(len(r.params), 30)
            self.assertEqual(len(r.tags), 11)   # 10 + mlflow.runName
            nan += sum(1 for v in r.metrics.values() if math.isnan(v[0]))
            missing_m += 30 - len(r.metrics)
            missing_p += 30 - len(r.params)
        self.assertGreater(nan, 0)
        self.assertGreater(missing_m, 0)
        self.assertGreater(missing_p, 0)

    def test_search_over_synthetic(self):
        st = Store("/tmp/d")
        add_synthetic(st, 2000)
        runs = search.search_runs(st, ["1"], "params.optimizer = 'adam'",
                                  ["metrics.f1 DESC"], 1)
        self.assertTrue(all(r.params["optimizer"] == "adam" for r in runs))
        vals = [r.metrics.get("f1") for r in runs]
        nums = [v[0] for v in vals if v is not None and not math.isnan(v[0])]
        self.assertEqual(nums, sorted(nums, reverse=True))
        # numbers first, then NaN, then missing
        kinds = [0 if v is not None and not math.isnan(v[0]) else (1 if v else 2) for v in vals]
        self.assertEqual(kinds, sorted(kinds))


# ---------------------------------------------------------------------------------------
# HTTP-level tests of the command-line features (server in a thread)
# ---------------------------------------------------------------------------------------

class ServerThread:
    def __init__(self, **kw):
        args = mlflow_server.parse_args(["--fixture", FIXTURE] + kw.pop("argv", []))
        self.app = mlflow_server.build_app(args)
        self.server = mlflow_server.Server(0, self.app)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def call(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        data = json.dumps(body).encode() if isinstance(body, (dict, list)) else body
        conn.request(method, path, body=data, headers=headers or {})
        r = conn.getresponse()
        out = (r.status, dict((k.lower(), v) for k, v in r.getheaders()), r.read())
        conn.close()
        return out

    def json(self, method, path, body=None, headers=None):
        st, h, data = self.call(method, path, body, headers)
        return st, json.loads(data) if data else None

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


class HttpFeatures(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp()
        cls.log = os.path.join(cls.tmp, "requests.log")
        cls.srv = ServerThread(argv=["--log", cls.log])

    @classmethod
    def tearDownClass(cls):
        cls.srv.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def run_id(self, name):
        st, body = self.srv.json("POST", "/api/2.0/mlflow/runs/search",
                                 {"experiment_ids": ["0", "1", "2"], "run_view_type": "ALL",
                                  "filter": "attributes.run_name = '%s'" % name})
        return body["runs"][0]["info"]["run_id"]

    def test_runs_paging_over_http(self):
        seen = []
        token = None
        pages = 0
        while True:
            req = {"experiment_ids": ["1"], "max_results": 17}
            if token:
                req["page_token"] = token
            st, body = self.srv.json("POST", "/api/2.0/mlflow/runs/search", req)
            self.assertEqual(st, 200)
            pages += 1
            seen += [r["info"]["run_id"] for r in body.get("runs", [])]
            token = body.get("next_page_token")
            if not token:
                break
        # 34 active runs in pages of 17: two full pages and a last empty one
        self.assertEqual(len(seen), 34)
        self.assertEqual(len(set(seen)), 34)
        self.assertEqual(pages, 3)

    def test_write_endpoints(self):
        st, body = self.srv.json("POST", "/api/2.0/mlflow/runs/create",
                                 {"experiment_id": "2", "run_name": "new-run",
                                  "start_time": 1700000000000,
                                  "tags": [{"key": "a", "value": "b"}]})
        self.assertEqual(st, 200)
        rid = body["run"]["info"]["run_id"]
        self.assertEqual(body["run"]["info"]["status"], "RUNNING")
        st, _ = self.srv.json("POST", "/api/2.0/mlflow/runs/log-batch", {
            "run_id": rid,
            "metrics": [{"key": "m", "value": 1, "timestamp": 5, "step": 1},
                        {"key": "m", "value": "NaN", "timestamp": 6, "step": 2},
                        {"key": "inf", "value": "Infinity", "timestamp": 6, "step": 0}],
            "params": [{"key": "p", "value": "1"}],
            "tags": [{"key": "t", "value": "x"}]})
        self.assertEqual(st, 200)
        self.srv.json("POST", "/api/2.0/mlflow/runs/log-metric",
                      {"run_id": rid, "key": "m", "value": 0.5, "timestamp": 7, "step": 0})
        st, body = self.srv.json("GET", "/api/2.0/mlflow/runs/get?run_id=" + rid)
        metrics = {m["key"]: m for m in body["run"]["data"]["metrics"]}
        self.assertEqual(metrics["m"]["value"], "NaN")      # highest step wins
        self.assertEqual(metrics["inf"]["value"], 1.7976931348623157e308)
        st, body = self.srv.json(
            "GET", "/api/2.0/mlflow/metrics/get-history?run_id=%s&metric_key=m&max_results=2"
            % rid)
        self.assertEqual([m["timestamp"] for m in body["metrics"]], [5, 6])
        self.assertIn("next_page_token", body)
        st, body = self.srv.json("POST", "/api/2.0/mlflow/runs/log-parameter",
                                 {"run_id": rid, "key": "p", "value": "2"})
        self.assertEqual(st, 400)
        st, body = self.srv.json("POST", "/api/2.0/mlflow/runs/update",
                                 {"run_id": rid, "status": "FINISHED", "end_time": 1700000001000})
        self.assertEqual(body["run_info"]["status"], "FINISHED")

    def test_artifact_upload_download_delete(self):
        rid = self.run_id("rogue-hound-35")
        base = "/api/2.0/mlflow-artifacts/artifacts/0/%s/artifacts" % rid
        st, _, _ = self.srv.call("PUT", base + "/dir/a%20b.txt", b"hello")
        self.assertEqual(st, 200)
        st, h, data = self.srv.call("GET", base + "/dir/a%20b.txt")
        self.assertEqual((st, data, h["content-type"]), (200, b"hello", "text/plain"))
        self.assertEqual(h["content-disposition"], "attachment; filename=a b.txt")
        st, body = self.srv.json("GET", "/api/2.0/mlflow/artifacts/list?run_id=%s&path=dir" % rid)
        self.assertEqual(body["files"], [{"path": "dir/a b.txt", "is_dir": False,
                                          "file_size": 5}])
        st, _, data = self.srv.call("GET", "/get-artifact?path=hello.txt&run_id=" + rid)
        self.assertEqual(data, b"hello mlflow\n")
        st, _, _ = self.srv.call("DELETE", base + "/dir")
        st, body = self.srv.json("GET", "/api/2.0/mlflow/artifacts/list?run_id=%s&path=dir" % rid)
        self.assertNotIn("files", body)

    def test_model_version_artifact(self):
        st, h, data = self.srv.call(
            "GET", "/model-versions/get-artifact?name=NEOs&version=2&path=MLmodel")
        self.assertEqual(st, 200)
        self.assertIn(b"artifact_path: model", data)

    def test_registry_writes(self):
        st, body = self.srv.json("POST", "/api/2.0/mlflow/registered-models/create",
                                 {"name": "M2", "tags": [{"key": "k", "value": "v"}]})
        self.assertEqual(st, 200)
        rid = self.run_id("chill-seal-447")
        st, body = self.srv.json("POST", "/api/2.0/mlflow/model-versions/create",
                                 {"name": "M2", "source": "mlflow-artifacts:/1/x", "run_id": rid})
        self.assertEqual(body["model_version"]["version"], "1")
        for alias, code in [("latest", 400), ("v1", 400), ("bad alias", 400), ("ok-1", 200)]:
            st, body = self.srv.json("POST", "/api/2.0/mlflow/registered-models/alias",
                                     {"name": "M2", "alias": alias, "version": "1"})
            self.assertEqual(st, code, alias)
        st, body = self.srv.json("POST", "/api/2.0/mlflow/model-versions/transition-stage",
                                 {"name": "M2", "version": "1", "stage": "staging",
                                  "archive_existing_versions": False})
        self.assertEqual(body["model_version"]["current_stage"], "Staging")
        self.assertEqual(body["model_version"]["aliases"], ["ok-1"])
        st, body = self.srv.json("GET", "/api/2.0/mlflow/registered-models/search?"
                                 "filter=tags.k%20%3D%20%27v%27")
        self.assertEqual([m["name"] for m in body["registered_models"]], ["M2"])
        st, body = self.srv.json("GET", "/api/2.0/mlflow/registered-models/search?max_results=1")
        self.assertEqual(len(body["registered_models"]), 1)
        self.assertIn("next_page_token", body)
        st, body = self.srv.json("PATCH", "/api/2.0/mlflow/registered-models/update",
                                 {"name": "M2", "description": "d"})
        self.assertEqual(body["registered_model"]["description"], "d")
        st, body = self.srv.json("DELETE", "/api/2.0/mlflow/registered-models/delete",
                                 {"name": "M2"})
        self.assertEqual(st, 200)

    def test_ajax_prefix_and_errors(self):
        st, body = self.srv.json("GET", "/ajax-api/2.0/mlflow/experiments/get?experiment_id=1")
        self.assertEqual(body["experiment"]["name"], "Hazardous_NEOs")
        st, h, data = self.srv.call("GET", "/api/2.0/mlflow/runs/search")
        self.assertEqual((st, h["content-type"]), (405, "text/html; charset=utf-8"))

    def test_origin_blocked(self):
        st, h, data = self.srv.call("POST", "/api/2.0/mlflow/runs/search",
                                    {"experiment_ids": ["1"]}, {"Origin": "http://evil.example"})
        self.assertEqual((st, data), (403, b"Cross-origin request blocked"))
        st, h, data = self.srv.call("POST", "/api/2.0/mlflow/runs/search",
                                    {"experiment_ids": ["1"]}, {"Origin": "http://localhost:3000"})
        self.assertEqual(st, 200)

    def test_host_header(self):
        for host, code in [("mlflow.example.com", 403), ("localhost:1", 200),
                           ("127.0.0.1:5000", 200), ("[::1]:8080", 200)]:
            st, h, data = self.srv.call("GET", "/api/2.0/mlflow/experiments/get?experiment_id=0",
                                        headers={"Host": host})
            self.assertEqual(st, code, host)

    def test_request_log(self):
        self.srv.call("GET", "/api/2.0/mlflow/metrics/get-history?run_id=x&metric_key=y"
                      "&max_results=25000")
        with open(self.log) as f:
            lines = [json.loads(line) for line in f]
        hit = [e for e in lines if e["path"].endswith("get-history")]
        self.assertTrue(hit)
        self.assertEqual(hit[-1]["query"]["max_results"], "25000")
        self.assertEqual(hit[-1]["method"], "GET")


class AuthAndReadOnly(unittest.TestCase):
    def test_basic_and_token(self):
        srv = ServerThread(argv=["--basic-auth", "u:p", "--token", "tok"])
        try:
            st, h, data = srv.call("GET", "/api/2.0/mlflow/experiments/get?experiment_id=0")
            self.assertEqual(st, 401)
            self.assertEqual(h["www-authenticate"], 'Basic realm="mlflow"')
            good = "Basic " + base64.b64encode(b"u:p").decode()
            bad = "Basic " + base64.b64encode(b"u:x").decode()
            for auth, code in [(good, 200), (bad, 401), ("Bearer tok", 200),
                               ("Bearer nope", 401)]:
                st, _, _ = srv.call("GET", "/api/2.0/mlflow/experiments/get?experiment_id=0",
                                    headers={"Authorization": auth})
                self.assertEqual(st, code, auth)
            st, _, data = srv.call("GET", "/health")
            self.assertEqual((st, data), (200, b"OK"))
        finally:
            srv.stop()

    def test_read_only(self):
        srv = ServerThread(argv=["--read-only-user"])
        try:
            st, body = srv.json("POST", "/api/2.0/mlflow/runs/set-tag",
                                {"run_id": "x", "key": "k", "value": "v"})
            self.assertEqual(st, 403)
            self.assertEqual(body, {"error_code": "PERMISSION_DENIED",
                                    "message": "Permission denied"})
            st, body = srv.json("POST", "/api/2.0/mlflow/runs/search", {"experiment_ids": ["1"]})
            self.assertEqual(st, 200)
        finally:
            srv.stop()

    def test_delay(self):
        srv = ServerThread(argv=["--delay-ms", "300"])
        try:
            t = time.time()
            srv.json("POST", "/api/2.0/mlflow/runs/search", {"experiment_ids": ["1"]})
            self.assertGreaterEqual(time.time() - t, 0.3)
        finally:
            srv.stop()


MLFLOW3_FIXTURE = os.path.join(ROOT, "tests", "fixtures", "neos_real_client.json")
LM = "/api/2.0/mlflow/logged-models"
RF300, RF100, RF10 = ("m-eb3805b5bc4846ceafbe66b557ce5018", "m-ef0bf53d9f964786823c773454aadd59",
                      "m-9ae30ce818cc4312be0e5bf61f4c5c8f")


class LoggedModels(unittest.TestCase):
    """MLflow 3 logged models beyond the recordings, on neos.json + neos_real_client.json."""

    @classmethod
    def setUpClass(cls):
        cls.srv = ServerThread(argv=["--fixture", MLFLOW3_FIXTURE])

    @classmethod
    def tearDownClass(cls):
        cls.srv.stop()

    def search(self, **body):
        body.setdefault("experiment_ids", ["6"])
        st, out = self.srv.json("POST", LM + "/search", body)
        return st, out

    def ids(self, **body):
        st, out = self.search(**body)
        self.assertEqual(st, 200, out)
        return [m["info"]["model_id"] for m in out.get("models", [])]

    def test_both_fixtures_load_and_keep_ids(self):
        st, out = self.srv.json("GET", "/api/2.0/mlflow/experiments/get?experiment_id=6")
        self.assertEqual(out["experiment"]["name"], "NEOs_real_client")
        st, out = self.srv.json("GET", "/api/2.0/mlflow/experiments/get?experiment_id=1")
        self.assertEqual(out["experiment"]["name"], "Hazardous_NEOs")

    def test_order_by_metric_ascending_then_creation_desc(self):
        self.assertEqual(self.ids(order_by=[{"field_name": "metrics.f1", "ascending": True}]),
                         [RF10, RF300, RF100])   # f1 0.857 < 0.88 = 0.88 (newest first)

    def test_order_by_missing_metric_keeps_creation_order(self):
        self.assertEqual(self.ids(order_by=[{"field_name": "metrics.nope"}]),
                         [RF300, RF100, RF10])

    def test_order_by_param_is_refused(self):
        st, out = self.search(order_by=[{"field_name": "params.n_estimators"}])
        self.assertEqual(st, 400)
        self.assertIn("Only metrics are supported", out["message"])

    def test_filters(self):
        self.assertEqual(self.ids(filter="metrics.f1 > 0.87 AND params.n_estimators = '100'"),
                         [RF100])
        self.assertEqual(self.ids(filter="name LIKE 'mod%'"), [RF300, RF100, RF10])
        self.assertEqual(self.ids(filter="metrics.train_loss < 1.005"), [RF100, RF10])
        self.assertEqual(self.ids(filter="tags.`mlflow.source.type` = 'LOCAL' and "
                                         "source_run_id = '5934d99a1a1344a0b7e652ec5b9aca26'"),
                         [RF10])

    def test_bad_filters(self):
        for f in ("metrics.f1 >> 1", "params.x > 1", "metrics.f1 > 0.5 OR metrics.f1 < 2",
                  "foo.bar = 1"):
            st, out = self.search(filter=f)
            self.assertEqual(st, 400, f)
            self.assertEqual(out["error_code"], "INVALID_PARAMETER_VALUE")

    def test_pages_cover_everything_once(self):
        seen, token = [], None
        while True:
            body = {"max_results": 1}
            if token:
                body["page_token"] = token
            st, out = self.search(**body)
            seen += [m["info"]["model_id"] for m in out["models"]]
            token = out.get("next_page_token")
            if not token:
                break
        self.assertEqual(seen, [RF300, RF100, RF10])

    def test_token_must_match_the_query(self):
        st, out = self.search(max_results=1)
        st, out = self.search(max_results=1, page_token=out["next_page_token"],
                              filter="metrics.f1 > 0")
        self.assertEqual(st, 400)

    def test_run_outputs_only_in_runs_get(self):
        st, out = self.srv.json("GET", "/api/2.0/mlflow/runs/get?run_id="
                                "5934d99a1a1344a0b7e652ec5b9aca26")
        self.assertEqual(out["run"]["outputs"], {"model_outputs": [{"model_id": RF10,
                                                                     "step": 0}]})
        st, out = self.srv.json("POST", "/api/2.0/mlflow/runs/search",
                                {"experiment_ids": ["6"]})
        self.assertTrue(all("outputs" not in r for r in out["runs"]))

    def test_artifacts_of_a_model(self):
        st, out = self.srv.json("GET", LM + "/" + RF10 + "/artifacts/directories")
        self.assertEqual([f["path"] for f in out["files"]][:2], ["MLmodel", "conda.yaml"])
        pkl = [f for f in out["files"] if f["path"] == "model.pkl"][0]
        self.assertEqual(pkl["file_size"], 83086)
        st, h, data = self.srv.call("GET", "/ajax-api/2.0/mlflow/logged-models/%s/artifacts/"
                                    "files?artifact_file_path=MLmodel" % RF10)
        self.assertEqual(st, 200)
        self.assertIn(("model_id: %s" % RF10).encode(), data)
        st, h, data = self.srv.call("GET", LM + "/" + RF10 + "/artifacts/files"
                                    "?artifact_file_path=nope")
        self.assertEqual(st, 500)

    def test_create_finalize_and_register_with_model_id(self):
        srv = ServerThread(argv=["--fixture", MLFLOW3_FIXTURE])   # writes: its own server
        try:
            self.create_finalize_and_register(srv)
        finally:
            srv.stop()

    def create_finalize_and_register(self, srv):
        st, out = srv.json("POST", LM, {"experiment_id": "6", "name": "m2",
                                             "source_run_id": "7d423b3b8d0e45fc88cfd161f3c8dfd8",
                                             "params": [{"key": "k", "value": "v"}]})
        self.assertEqual(st, 200, out)
        mid = out["model"]["info"]["model_id"]
        self.assertEqual(out["model"]["info"]["status"], "LOGGED_MODEL_PENDING")
        st, out = srv.json("PATCH", LM + "/" + mid, {"status": "LOGGED_MODEL_READY"})
        self.assertEqual(out["model"]["info"]["status"], "LOGGED_MODEL_READY")
        srv.json("POST", "/api/2.0/mlflow/registered-models/create", {"name": "LMreg"})
        st, out = srv.json("POST", "/api/2.0/mlflow/model-versions/create",
                                {"name": "LMreg", "source": "models:/" + mid,
                                 "run_id": "7d423b3b8d0e45fc88cfd161f3c8dfd8", "model_id": mid})
        self.assertEqual(st, 200, out)
        self.assertNotIn("model_id", out["model_version"])
        st, out = srv.json("GET", LM + "/" + mid)
        tags = {t["key"]: t["value"] for t in out["model"]["info"]["tags"]}
        self.assertEqual(json.loads(tags["mlflow.modelVersions"]),
                         [{"name": "LMreg", "version": "1"}])
        st, out = srv.json("GET", "/api/2.0/mlflow/model-versions/get-download-uri"
                                "?name=LMreg&version=1")
        self.assertEqual(out["artifact_uri"],
                         "mlflow-artifacts:/6/models/%s/artifacts" % mid)


class Mlflow2(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.srv = ServerThread(argv=["--fixture", MLFLOW3_FIXTURE, "--mlflow2"])

    @classmethod
    def tearDownClass(cls):
        cls.srv.stop()

    def test_no_logged_model_routes(self):
        for method, path, body in (("POST", LM + "/search", {"experiment_ids": ["6"]}),
                                   ("GET", LM + "/" + RF300, None),
                                   ("GET", LM + "/" + RF300 + "/artifacts/directories", None),
                                   ("POST", LM, {"experiment_id": "6"})):
            st, h, data = self.srv.call(method, path, body)
            self.assertEqual(st, 404, path)
            self.assertTrue(h["content-type"].startswith("text/html"))
            self.assertEqual(data, mlflow_server.HTML_404.encode())

    def test_version_and_no_outputs(self):
        st, h, data = self.srv.call("GET", "/version")
        self.assertEqual(data, b"2.17.2")
        st, out = self.srv.json("GET", "/api/2.0/mlflow/runs/get?run_id="
                                "5934d99a1a1344a0b7e652ec5b9aca26")
        self.assertNotIn("outputs", out["run"])


class CommandLine(unittest.TestCase):
    def test_port_file_and_sigterm(self):
        tmp = tempfile.mkdtemp()
        pf = os.path.join(tmp, "port")
        p = subprocess.Popen([sys.executable, os.path.join(HERE, "mlflow_server.py"),
                              "--fixture", FIXTURE, "--port", "0", "--port-file", pf],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        try:
            line = p.stdout.readline().decode()
            with open(pf) as f:
                port = int(f.read())
            self.assertEqual(line.strip(), "listening on http://127.0.0.1:%d" % port)
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/version")
            self.assertEqual(conn.getresponse().read(), b"3.5.1.dev0")
            conn.close()
        finally:
            p.terminate()
            self.assertEqual(p.wait(timeout=10), 0)
            p.stdout.close()
            shutil.rmtree(tmp, ignore_errors=True)


class Result(unittest.TextTestResult):
    pass


def main():
    suite = unittest.defaultTestLoader.loadTestsFromModule(sys.modules[__name__])
    runner = unittest.TextTestRunner(verbosity=1, resultclass=Result)
    result = runner.run(suite)
    failed = len(result.failures) + len(result.errors)
    print("%d passed, %d failed" % (result.testsRun - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
