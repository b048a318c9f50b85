"""REST handlers of the MLflow test server: one function per endpoint, taking a Request
and returning (status, content_type, body_bytes, extra_headers) or a JSON-able dict.

The route table at the bottom maps (path, method) to a handler, with a flag telling
whether the endpoint writes (for --read-only-user).
"""

import contextlib
import json
import mimetypes
import os
import posixpath
import re
import time

import logged_models
import search
from errors import ApiError, invalid, RESOURCE_DOES_NOT_EXIST, INTERNAL_ERROR, \
    RESOURCE_ALREADY_EXISTS
from store import metric_value_from_json, value_to_json, canonical_stage, RUN_STATUSES

SEE_DOCS = " See the API docs for more information about request parameters."


class Request:
    """What a handler sees. `params` is the JSON body for POST/PATCH/DELETE and the query
    string for GET (lists for repeated keys collapsed to their first value, except the keys
    in `multi`)."""

    def __init__(self, method, path, query, body_bytes, json_body, headers, app):
        self.method = method
        self.path = path
        self.query = query              # dict name -> [values]
        self.body_bytes = body_bytes
        self.json = json_body           # dict ({} when absent or invalid)
        self.headers = headers
        self.app = app

    def params(self):
        if self.method == "GET":
            return {k: (v if len(v) > 1 else v[0]) for k, v in self.query.items()}
        if not self.json and self.query:
            return {k: (v if len(v) > 1 else v[0]) for k, v in self.query.items()}
        return self.json

    def list_param(self, name):
        """A repeated parameter (order_by, stages, experiment_ids...)."""
        if self.method == "GET":
            return list(self.query.get(name, []))
        v = self.json.get(name)
        if v is None and not self.json:
            return list(self.query.get(name, []))
        return v


def _type_name(v):
    return type(v).__name__


def bad_value(param, value, hint=True):
    msg = "Invalid value %s for parameter '%s' supplied: " % (json.dumps(value), param)
    if hint:
        msg += " Hint: Value was of type '%s'." % _type_name(value)
    return invalid(msg + SEE_DOCS)


def missing(param):
    return invalid("Missing value for required parameter '%s'.%s" % (param, SEE_DOCS))


def required_str(p, name, alt=None):
    v = p.get(name)
    if (v is None or v == "") and alt:
        v = p.get(alt)
    if v is None or v == "":
        raise missing(name)
    if not isinstance(v, str):
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return str(v)
        raise bad_value(name, v)
    return v


def opt_int(p, name, default=None, limit=None):
    """An int64 parameter: JSON number, integral float or numeric string."""
    v = p.get(name)
    if v is None:
        return default
    if isinstance(v, bool):
        raise bad_value(name, v)
    if isinstance(v, int):
        n = v
    elif isinstance(v, float) and v.is_integer():
        n = int(v)
    elif isinstance(v, str) and re.fullmatch(r"\s*-?\d+\s*", v):
        n = int(v)
    else:
        raise bad_value(name, v)
    if limit is not None and n > limit:
        raise bad_value(name, v)
    return n


def opt_str(p, name, default=None):
    v = p.get(name)
    if v is None:
        return default
    if not isinstance(v, str):
        raise bad_value(name, v)
    return v


def str_list(value, name):
    if value is None:
        return []
    if isinstance(value, str):
        raise bad_value(name, value)
    if not isinstance(value, list):
        raise bad_value(name, value)
    out = []
    for x in value:
        if isinstance(x, (int, float)) and not isinstance(x, bool):
            x = str(x)
        if not isinstance(x, str):
            raise bad_value(name, value)
        out.append(x)
    return out


def key_values(value, name):
    out = []
    for i, kv in enumerate(value or []):
        if not isinstance(kv, dict):
            raise bad_value(name, value)
        k = kv.get("key")
        if k is None or k == "":
            raise missing("%s[%d].key" % (name, i))
        v = kv.get("value")
        out.append((str(k), "" if v is None else str(v)))
    return out


def tag_value(p):
    """A set-tag's value: absent or null is ""."""
    v = p.get("value")
    return "" if v is None else str(v)


def name_version(p):
    """The required name and version of a model-version request, checked in that order."""
    return required_str(p, "name"), required_str(p, "version")


@contextlib.contextmanager
def writing(req):
    """The store, locked, for a write: bumps its generation unless the write raised."""
    store = req.app.store
    with store.lock:
        yield store
        store.touch()


def view_type(p, name):
    v = p.get(name)
    if v is None or v == "":
        return 1
    vt = search.VIEW_TYPES.get(v)
    if vt is None:
        raise invalid("Invalid value %s for parameter '%s' supplied.%s"
                      % (json.dumps(v), name, SEE_DOCS))
    return vt


# ---------------------------------------------------------------------------------------
# experiments
# ---------------------------------------------------------------------------------------

def experiments_search(req):
    p = req.params()
    store = req.app.store
    v = p.get("max_results")
    if v is None:
        max_results = 0
    else:
        max_results = opt_int(p, "max_results")
    if max_results < 1:
        raise invalid("Invalid value %s for parameter 'max_results' supplied. It must be a "
                      "positive integer" % max_results)
    if max_results > 50000:
        raise invalid("Invalid value %s for parameter 'max_results' supplied. It must be at "
                      "most 50000" % max_results)
    vt = view_type(p, "view_type")
    filt = opt_str(p, "filter")
    order_by = str_list(req.list_param("order_by"), "order_by")
    offset = search.parse_page_token(opt_str(p, "page_token"))
    with store.lock:
        preds = search.experiment_predicates(filt)
        exps = [e for e in store.experiments.values()
                if search.view_type_matches(vt, e.lifecycle_stage)
                and all(f(e) for f in preds)]
        search.sort_experiments(exps, order_by)
        page, token = search.page_lookahead(exps, offset, max_results)
        return search.page_json("experiments", page, token, lambda e: e.to_json())


def experiments_get(req):
    p = req.params()
    eid = required_str(p, "experiment_id")
    with req.app.store.lock:
        return {"experiment": req.app.store.get_experiment(eid).to_json()}


def experiments_get_by_name(req):
    p = req.params()
    name = required_str(p, "experiment_name")
    with req.app.store.lock:
        return {"experiment": req.app.store.get_experiment_by_name(name).to_json()}


def experiments_create(req):
    p = req.params()
    name = required_str(p, "name")
    tags = key_values(p.get("tags"), "tags")
    with req.app.store.lock:
        exp = req.app.store.create_experiment(name, dict(tags), opt_str(p, "artifact_location"))
        return {"experiment_id": exp.experiment_id}


# ---------------------------------------------------------------------------------------
# runs
# ---------------------------------------------------------------------------------------

def runs_search(req):
    app = req.app
    delay = app.delay_ms
    if app.delay_file:              # tests slow the server down mid-test
        try:
            with open(app.delay_file) as f:
                delay = int(f.read().strip() or 0)
        except (OSError, ValueError):
            pass
    if delay:
        time.sleep(delay / 1000.0)
    p = req.json
    # the recording's server checks max_results before experiment_ids (109)
    max_results = opt_int(p, "max_results", 1000, limit=50000)
    experiment_ids = str_list(p.get("experiment_ids"), "experiment_ids")
    filt = opt_str(p, "filter")
    order_by = str_list(p.get("order_by"), "order_by")
    vt = view_type(p, "run_view_type")
    offset = search.parse_page_token(opt_str(p, "page_token"))
    store = app.store
    with store.lock:
        runs = search.search_runs(store, experiment_ids, filt, order_by, vt,
                                  cache=app.search_cache)
        page, token = search.page_when_full(runs, offset, max_results)
        body = app.encode_runs_page(page, token)
    return body


def runs_get(req):
    p = req.params()
    run_id = required_str(p, "run_id", alt="run_uuid")
    with req.app.store.lock:
        # MLflow 2 sends no `outputs` (MLFLOW2.md, difference 2)
        return {"run": req.app.store.get_run(run_id).to_json(not req.app.mlflow2)}


def runs_create(req):
    p = req.params()
    store = req.app.store
    eid = p.get("experiment_id")
    eid = "0" if eid in (None, "") else str(eid)
    tags = key_values(p.get("tags"), "tags")
    with store.lock:
        run = store.create_run(eid, user_id=opt_str(p, "user_id"),
                               start_time=opt_int(p, "start_time"), tags=tags,
                               run_name=opt_str(p, "run_name"))
        return {"run": run.to_json(True)}


def runs_update(req):
    p = req.params()
    run_id = required_str(p, "run_id", alt="run_uuid")
    with writing(req) as store:
        run = store.get_run(run_id)
        status = opt_str(p, "status")
        if status is not None:
            if status not in RUN_STATUSES:
                raise invalid("Invalid value %s for parameter 'status' supplied.%s"
                              % (json.dumps(status), SEE_DOCS))
            run.status = status
        end_time = opt_int(p, "end_time")
        if end_time is not None:
            run.end_time = end_time
        name = opt_str(p, "run_name")
        if name:
            run.run_name = name
            run.tags["mlflow.runName"] = name
        return {"run_info": run.info_json()}


def _metric_from(d, path="metric"):
    key = d.get("key")
    if key is None or key == "":
        raise missing("key" if path == "metric" else path + ".key")
    if "value" not in d or d.get("value") is None:
        raise missing("value" if path == "metric" else path + ".value")
    try:
        value = metric_value_from_json(d["value"])
    except (ValueError, TypeError):
        raise bad_value("value", d["value"])
    ts = opt_int(d, "timestamp")
    if ts is None:
        raise missing("timestamp" if path == "metric" else path + ".timestamp")
    step = opt_int(d, "step", 0)
    return str(key), value, ts, step


def runs_log_metric(req):
    p = req.params()
    run_id = required_str(p, "run_id", alt="run_uuid")
    key, value, ts, step = _metric_from(p)
    with writing(req) as store:
        store.active_run(run_id).log_metric(key, value, ts, step)
    return {}


def runs_log_parameter(req):
    p = req.params()
    run_id = required_str(p, "run_id", alt="run_uuid")
    key = required_str(p, "key")
    value = p.get("value")
    if value is None:
        raise missing("value")
    with writing(req) as store:
        store.log_param(store.active_run(run_id), key, str(value))
    return {}


def runs_set_tag(req):
    p = req.params()
    run_id = required_str(p, "run_id", alt="run_uuid")
    key = required_str(p, "key")
    value = tag_value(p)
    with writing(req) as store:
        store.active_run(run_id).tags[key] = value
        if key == "mlflow.runName":
            store.get_run(run_id).run_name = value
    return {}


def runs_delete_tag(req):
    p = req.params()
    run_id = required_str(p, "run_id")
    key = required_str(p, "key")
    with writing(req) as store:
        run = store.active_run(run_id)
        if key not in run.tags:
            raise ApiError(RESOURCE_DOES_NOT_EXIST,
                           "No tag with name: %s in run with id %s" % (key, run_id))
        del run.tags[key]
    return {}


def runs_log_batch(req):
    p = req.params()
    run_id = required_str(p, "run_id")
    metrics = p.get("metrics") or []
    params = key_values(p.get("params"), "params")
    tags = key_values(p.get("tags"), "tags")
    if not isinstance(metrics, list):
        raise bad_value("metrics", metrics)
    if len(metrics) > 1000 or len(params) > 100 or len(tags) > 100:
        raise invalid("A batch logging request can contain at most 1000 metrics, 100 params "
                      "and 100 tags.")
    parsed = [_metric_from(m, "metrics[%d]" % i) for i, m in enumerate(metrics)]
    seen = {}
    for k, v in params:
        if k in seen and seen[k] != v:
            raise invalid("Duplicate parameter keys have been submitted: ['%s']. Please ensure "
                          "the request contains only one param value per param key." % k)
        seen[k] = v
    with writing(req) as store:
        run = store.active_run(run_id)
        for k, v in params:
            store.log_param(run, k, v)
        for key, value, ts, step in parsed:
            run.log_metric(key, value, ts, step)
        for k, v in tags:
            run.tags[k] = v
            if k == "mlflow.runName":
                run.run_name = v
    return {}


def runs_delete(req):
    p = req.params()
    run_id = required_str(p, "run_id")
    with req.app.store.lock:
        req.app.store.delete_run(run_id)
    return {}


def runs_restore(req):
    p = req.params()
    run_id = required_str(p, "run_id")
    with req.app.store.lock:
        req.app.store.restore_run(run_id)
    return {}


def metrics_get_history(req):
    p = req.params()
    run_id = required_str(p, "run_id", alt="run_uuid")
    key = required_str(p, "metric_key")
    # Without max_results the proto default 0 reaches the store: it fetches 1 row, sees
    # "more than 0" and answers no metrics plus a token for offset 0 (3.4+ bug, 046).
    max_results = opt_int(p, "max_results", 0)
    offset = search.parse_page_token(opt_str(p, "page_token"))
    store = req.app.store
    with store.lock:
        run = store.runs.get(run_id)
        points = run.metric_history(key) if run is not None else []
    points.sort(key=lambda pt: (pt[1], pt[2], 0.0 if pt[0] != pt[0] else pt[0]))
    page, token = search.page_lookahead(points, offset, max_results)
    return search.page_json("metrics", page, token, lambda pt: {
        "key": key, "value": value_to_json(pt[0]), "timestamp": pt[1], "step": pt[2]})


# ---------------------------------------------------------------------------------------
# artifacts
# ---------------------------------------------------------------------------------------

TEXT_EXTENSIONS = {"txt", "log", "err", "cfg", "conf", "cnf", "cf", "ini", "properties",
                   "prop", "hocon", "toml", "yaml", "yml", "xml", "json", "js", "py", "py3",
                   "csv", "tsv", "md", "rst", "MLmodel", "MLproject"}


def guess_mime_type(path):
    name = posixpath.basename(path)
    ext = os.path.splitext(name)[1].replace(".", "")
    if ext == "":
        ext = name
    if ext in TEXT_EXTENSIONS:
        return "text/plain"
    mt, _ = mimetypes.guess_type(name)
    return mt or "application/octet-stream"


def _clean_rel(path):
    path = (path or "").strip("/")
    parts = [x for x in path.split("/") if x not in ("", ".")]
    if ".." in parts:
        raise invalid("Invalid path")
    return "/".join(parts)


def file_response(path, data):
    name = posixpath.basename(path)
    return (200, guess_mime_type(path), data,
            [("Content-Disposition", "attachment; filename=%s" % name),
             ("X-Content-Type-Options", "nosniff")])


def _download_error(store, rel):
    dest = store.artifacts_destination
    return ApiError(INTERNAL_ERROR,
                    "The following failures occurred while downloading one or more artifacts "
                    "from %s:\n##### File %s #####\n[Errno 2] No such file or directory: '%s/%s'"
                    % (dest, rel, dest, rel))


def _serve(store, full):
    with store.lock:
        data = store.artifacts.get(full)
        if data is None and store.list_dir(full) is not None:
            dest = store.artifacts_destination
            raise ApiError(INTERNAL_ERROR,
                           "The following failures occurred while downloading one or more "
                           "artifacts from %s:\n##### File %s #####\n[Errno 21] Is a directory: "
                           "'%s/%s'" % (dest, full, dest, full))
    if data is None:
        raise _download_error(store, full)
    return file_response(full, data)


def artifacts_list(req):
    if req.app.artifact_list_delay_ms:
        time.sleep(req.app.artifact_list_delay_ms / 1000.0)
    p = req.params()
    run_id = required_str(p, "run_id", alt="run_uuid")
    rel = _clean_rel(opt_str(p, "path", ""))
    store = req.app.store
    with store.lock:
        run = store.get_run(run_id)
        prefix = store.run_artifact_prefix(run)
        entries = store.list_dir(prefix + ("/" + rel if rel else ""))
        # listing a file gives nothing
        if entries is not None and (prefix + "/" + rel) in store.artifacts:
            entries = None
    out = {"root_uri": run.artifact_uri}
    if entries:
        out["files"] = [_entry((rel + "/" + n) if rel else n, d, s) for n, d, s in entries]
    return out


def _entry(path, is_dir, size):
    d = {"path": path, "is_dir": is_dir}
    if not is_dir:
        d["file_size"] = size
    return d


def proxy_list(req):
    p = req.params()
    rel = _clean_rel(opt_str(p, "path", ""))
    store = req.app.store
    with store.lock:
        entries = store.list_dir(rel)
        if entries is not None and rel in store.artifacts:
            entries = None
    out = {}
    if entries:
        out["files"] = [_entry(n, d, s) for n, d, s in entries]
    return out


def proxy_artifact(req, rel):
    store = req.app.store
    rel = _clean_rel(rel)
    if req.method == "GET":
        return _serve(store, rel)
    if req.method == "PUT":
        with store.lock:
            store.put_artifact(rel, req.body_bytes)
        return {}
    if req.method == "DELETE":
        with store.lock:
            store.delete_artifacts(rel)
        return {}
    raise AssertionError(req.method)


def get_artifact(req):
    p = req.params()
    rel = _clean_rel(opt_str(p, "path", ""))
    run_id = p.get("run_uuid") or p.get("run_id")
    if not run_id:
        raise missing("run_id")
    store = req.app.store
    with store.lock:
        run = store.get_run(run_id)
        full = store.run_artifact_prefix(run) + "/" + rel
    return _serve(store, full)


def model_version_get_artifact(req):
    p = req.params()
    name, version = name_version(p)
    rel = _clean_rel(opt_str(p, "path", ""))
    store = req.app.store
    with store.lock:
        _, mv = store.get_version(name, version)
        src = mv.source
    m = re.match(r"models:/(m-[0-9A-Za-z]+)$", src or "")
    if m:   # a version registered from a logged model (025)
        with store.lock:
            full = logged_models.get(store, m.group(1)).artifact_prefix()
        return _serve(store, full + ("/" + rel if rel else ""))
    m = re.match(r"mlflow-artifacts:/+(.*)$", src or "")
    if not m:
        raise ApiError(INTERNAL_ERROR, "Cannot serve artifacts of source %s" % src)
    full = _clean_rel(m.group(1)) + ("/" + rel if rel else "")
    return _serve(store, full)


# ---------------------------------------------------------------------------------------
# model registry
# ---------------------------------------------------------------------------------------

def _alias_name(alias):
    if alias is None or alias == "":
        raise invalid("Registered model alias name cannot be empty.")
    if not re.match(r"^[\w\-]*$", alias):
        raise invalid("Invalid alias name: '%s'. Names may only contain alphanumerics, "
                      "underscores (_), and dashes (-)." % alias)
    if len(alias) > 255:
        raise invalid("'Registered model alias name' exceeds the maximum length of 255 "
                      "characters")
    if alias.lower() == "latest":
        raise invalid("'latest' alias name (case insensitive) is reserved.")
    if re.match(r"^[vV]\d+$", alias):
        raise invalid("Version alias name '%s' is reserved." % alias)
    return alias


def _mv_json(m, mv):
    return mv.to_json(m.aliases_of(mv.version))


def rm_create(req):
    p = req.params()
    name = required_str(p, "name")
    tags = key_values(p.get("tags"), "tags")
    with req.app.store.lock:
        m = req.app.store.create_model(name, tags, opt_str(p, "description", ""))
        return {"registered_model": m.to_json()}


def rm_get(req):
    name = required_str(req.params(), "name")
    with req.app.store.lock:
        return {"registered_model": req.app.store.get_model(name).to_json()}


def rm_update(req):
    p = req.params()
    name = required_str(p, "name")
    with writing(req) as store:
        m = store.get_model(name)
        m.description = opt_str(p, "description", "")
        m.last_updated_time = store.clock.now()
        return {"registered_model": m.to_json()}


def rm_rename(req):
    p = req.params()
    name = required_str(p, "name")
    new_name = required_str(p, "new_name")
    with writing(req) as store:
        m = store.get_model(name)
        if new_name in store.models and new_name != name:
            raise ApiError(RESOURCE_ALREADY_EXISTS,
                           "Registered Model (name=%s) already exists." % new_name)
        now = store.clock.now()
        del store.models[name]
        m.name = new_name
        m.last_updated_time = now
        for mv in m.versions:
            mv.name = new_name
            mv.last_updated_time = now
        store.models[new_name] = m
        return {"registered_model": m.to_json()}


def rm_delete(req):
    name = required_str(req.params(), "name")
    with writing(req) as store:
        store.get_model(name)
        del store.models[name]
    return {}


def rm_set_tag(req):
    p = req.params()
    name = required_str(p, "name")
    key = required_str(p, "key")
    value = tag_value(p)
    with writing(req) as store:
        store.get_model(name).tags[key] = value
    return {}


def rm_delete_tag(req):
    p = req.params()
    name = required_str(p, "name")
    key = required_str(p, "key")
    with writing(req) as store:
        store.get_model(name).tags.pop(key, None)
    return {}


def rm_search(req):
    p = req.params()
    max_results = opt_int(p, "max_results", 100)
    if max_results > 1000:
        raise invalid("Invalid value for request parameter max_results. It must be at most "
                      "1000, but got value %d" % max_results)
    if max_results < 1:
        raise invalid("Invalid value for request parameter max_results. It must be a positive "
                      "integer, but got value %d" % max_results)
    filt = opt_str(p, "filter")
    order_by = str_list(req.list_param("order_by"), "order_by")
    store = req.app.store
    preds = search.model_predicates(filt)
    with store.lock:
        models = [m for m in store.models.values() if all(f(m) for f in preds)]
        search.sort_models(models, order_by)
        offset = search.parse_page_token(opt_str(p, "page_token"))
        page, token = search.page_lookahead(models, offset, max_results)
        return search.page_json("registered_models", page, token, lambda m: m.to_json())


def rm_get_latest_versions(req):
    p = req.params()
    name = required_str(p, "name")
    stages = req.list_param("stages")
    if isinstance(stages, str):
        stages = [stages]
    stages = str_list(stages, "stages")
    store = req.app.store
    with store.lock:
        m = store.get_model(name)
        wanted = {canonical_stage(s) for s in stages} if stages else None
        mvs = [mv for mv in m.latest_versions()
               if wanted is None or mv.current_stage in wanted]
        out = {}
        if mvs:
            out["model_versions"] = [_mv_json(m, mv) for mv in mvs]
    return out


def rm_alias(req):
    p = req.params()
    name = required_str(p, "name")
    alias = p.get("alias")
    store = req.app.store
    if req.method == "GET":
        if alias is None or alias == "":
            raise missing("alias")
        _alias_name(alias)
        with store.lock:
            m = store.models.get(name)
            if m is None or alias not in m.aliases:
                raise invalid("Registered model alias %s not found." % alias)
            _, mv = store.get_version(name, m.aliases[alias])
            return {"model_version": _mv_json(m, mv)}
    if alias is None or alias == "":
        raise missing("alias")
    _alias_name(alias)
    if req.method == "POST":
        version = required_str(p, "version")
        with writing(req):
            m, mv = store.get_version(name, version)
            m.aliases[alias] = mv.version
        return {}
    with writing(req):   # DELETE
        store.get_model(name).aliases.pop(alias, None)
    return {}


def mv_create(req):
    p = req.params()
    name = required_str(p, "name")
    source = required_str(p, "source")
    tags = key_values(p.get("tags"), "tags")
    # MLflow 2.17 has no model_id field (and ignores it); 3.5 records the version on the
    # logged model's mlflow.modelVersions tag but keeps no model_id on the version (023)
    model_id = None if req.app.mlflow2 else opt_str(p, "model_id")
    store = req.app.store
    with store.lock:
        mv = store.create_version(name, source, opt_str(p, "run_id", ""), tags,
                                  opt_str(p, "run_link", ""), opt_str(p, "description", ""),
                                  model_id=model_id)
        if model_id:
            logged_models.add_model_version_tag(store, model_id, name, mv.version)
        m = store.get_model(name)
        return {"model_version": _mv_json(m, mv)}


def mv_get(req):
    name, version = name_version(req.params())
    with req.app.store.lock:
        m, mv = req.app.store.get_version(name, version)
        return {"model_version": _mv_json(m, mv)}


def mv_update(req):
    p = req.params()
    name, version = name_version(p)
    with writing(req) as store:
        m, mv = store.get_version(name, version)
        desc = opt_str(p, "description")
        if desc is not None:
            mv.description = desc
        mv.last_updated_time = store.clock.now()
        return {"model_version": _mv_json(m, mv)}


def mv_delete(req):
    name, version = name_version(req.params())
    with writing(req) as store:
        m, mv = store.get_version(name, version)
        now = store.clock.now()
        m.last_updated_time = now
        for a in [a for a, v in m.aliases.items() if v == mv.version]:
            del m.aliases[a]
        mv.deleted = True
        mv.last_updated_time = now
    return {}


def _bool(v):
    if isinstance(v, bool):
        return v
    if isinstance(v, str):
        return v.strip().lower() == "true"
    return bool(v)


def mv_transition(req):
    p = req.params()
    name, version = name_version(p)
    stage = required_str(p, "stage")
    archive = _bool(p.get("archive_existing_versions", False))
    store = req.app.store
    with store.lock:
        m, mv = store.transition(name, version, stage, archive)
        return {"model_version": _mv_json(m, mv)}


def mv_set_tag(req):
    p = req.params()
    name, version = name_version(p)
    key = required_str(p, "key")
    value = tag_value(p)
    with writing(req) as store:
        _, mv = store.get_version(name, version)
        mv.tags[key] = value
    return {}


def mv_delete_tag(req):
    p = req.params()
    name, version = name_version(p)
    key = required_str(p, "key")
    with writing(req) as store:
        _, mv = store.get_version(name, version)
        mv.tags.pop(key, None)
    return {}


def mv_search(req):
    p = req.params()
    max_results = opt_int(p, "max_results", 200000)
    if max_results < 1:
        raise invalid("Invalid value for max_results. It must be a positive integer, but got "
                      "%d" % max_results)
    if max_results > 200000:
        raise invalid("Invalid value for request parameter max_results. It must be at most "
                      "200000, but got value %d" % max_results)
    filt = opt_str(p, "filter")
    order_by = str_list(req.list_param("order_by"), "order_by")
    preds = search.model_version_predicates(filt)
    store = req.app.store
    with store.lock:
        mvs = [mv for m in store.models.values() for mv in m.live_versions()
               if all(f(mv) for f in preds)]
        search.sort_model_versions(mvs, order_by)
        offset = search.parse_page_token(opt_str(p, "page_token"))
        page, token = search.page_lookahead(mvs, offset, max_results)
        return search.page_json("model_versions", page, token, lambda mv: mv.to_json())


def mv_download_uri(req):
    name, version = name_version(req.params())
    store = req.app.store
    with store.lock:
        _, mv = store.get_version(name, version)
        m = re.match(r"models:/(m-[0-9A-Za-z]+)$", mv.source or "")
        if m and m.group(1) in store.logged_models:   # 024: the logged model's location
            return {"artifact_uri": store.logged_models[m.group(1)].artifact_uri}
        return {"artifact_uri": mv.source}


# ---------------------------------------------------------------------------------------
# Route table: path below /api/2.0 (or /ajax-api/2.0) -> {method: (handler, writes)}
# ---------------------------------------------------------------------------------------

R, W = False, True

ROUTES = {
    "mlflow/experiments/search": {"POST": (experiments_search, R),
                                  "GET": (experiments_search, R)},
    "mlflow/experiments/get": {"GET": (experiments_get, R)},
    "mlflow/experiments/get-by-name": {"GET": (experiments_get_by_name, R)},
    "mlflow/experiments/create": {"POST": (experiments_create, W)},
    "mlflow/runs/search": {"POST": (runs_search, R)},
    "mlflow/runs/get": {"GET": (runs_get, R)},
    "mlflow/runs/create": {"POST": (runs_create, W)},
    "mlflow/runs/update": {"POST": (runs_update, W)},
    "mlflow/runs/log-batch": {"POST": (runs_log_batch, W)},
    "mlflow/runs/log-metric": {"POST": (runs_log_metric, W)},
    "mlflow/runs/log-parameter": {"POST": (runs_log_parameter, W)},
    "mlflow/runs/set-tag": {"POST": (runs_set_tag, W)},
    "mlflow/runs/delete-tag": {"POST": (runs_delete_tag, W)},
    "mlflow/runs/delete": {"POST": (runs_delete, W)},
    "mlflow/runs/restore": {"POST": (runs_restore, W)},
    "mlflow/metrics/get-history": {"GET": (metrics_get_history, R)},
    "mlflow/artifacts/list": {"GET": (artifacts_list, R)},
    "mlflow-artifacts/artifacts": {"GET": (proxy_list, R)},
    "mlflow/registered-models/create": {"POST": (rm_create, W)},
    "mlflow/registered-models/get": {"GET": (rm_get, R)},
    "mlflow/registered-models/update": {"PATCH": (rm_update, W)},
    "mlflow/registered-models/rename": {"POST": (rm_rename, W)},
    "mlflow/registered-models/delete": {"DELETE": (rm_delete, W)},
    "mlflow/registered-models/set-tag": {"POST": (rm_set_tag, W)},
    "mlflow/registered-models/delete-tag": {"DELETE": (rm_delete_tag, W)},
    "mlflow/registered-models/search": {"GET": (rm_search, R)},
    "mlflow/registered-models/get-latest-versions": {"GET": (rm_get_latest_versions, R),
                                                     "POST": (rm_get_latest_versions, R)},
    "mlflow/registered-models/alias": {"GET": (rm_alias, R), "POST": (rm_alias, W),
                                       "DELETE": (rm_alias, W)},
    "mlflow/model-versions/create": {"POST": (mv_create, W)},
    "mlflow/model-versions/get": {"GET": (mv_get, R)},
    "mlflow/model-versions/update": {"PATCH": (mv_update, W)},
    "mlflow/model-versions/delete": {"DELETE": (mv_delete, W)},
    "mlflow/model-versions/transition-stage": {"POST": (mv_transition, W)},
    "mlflow/model-versions/set-tag": {"POST": (mv_set_tag, W)},
    "mlflow/model-versions/delete-tag": {"DELETE": (mv_delete_tag, W)},
    "mlflow/model-versions/search": {"GET": (mv_search, R)},
    "mlflow/model-versions/get-download-uri": {"GET": (mv_download_uri, R)},
}

# outside /api: the web UI's download endpoints
TOP_ROUTES = {
    "/get-artifact": {"GET": (get_artifact, R)},
    "/model-versions/get-artifact": {"GET": (model_version_get_artifact, R)},
}

PROXY_PREFIX = "mlflow-artifacts/artifacts/"


def resolve(path, mlflow2=False):
    """-> (methods dict, extra arg) or (None, None). mlflow2: no logged-models routes."""
    if path in TOP_ROUTES:
        return TOP_ROUTES[path], None
    for api in ("/api/2.0/", "/ajax-api/2.0/"):
        if path.startswith(api):
            sub = path[len(api):]
            if sub in ROUTES:
                return ROUTES[sub], None
            if not mlflow2 and sub.startswith("mlflow/logged-models"):
                methods, model_id = logged_models.resolve(sub)
                if methods is not None:
                    return methods, model_id
            if sub.startswith(PROXY_PREFIX) and len(sub) > len(PROXY_PREFIX):
                rel = sub[len(PROXY_PREFIX):]
                return {"GET": (proxy_artifact, R), "PUT": (proxy_artifact, W),
                        "DELETE": (proxy_artifact, W)}, rel
    return None, None

