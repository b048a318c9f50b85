"""MLflow 3 logged models in the test server: the entity, its fixture loader, search
(filter, order_by, pages) and the REST handlers under /api/2.0/mlflow/logged-models.

Behaviour follows MLflow 3.5's SQL store (recordings in tests/conformance/
recorded-logged-models): default order newest first; order_by only on attributes and
`metrics.<key>` (the latest value of the key, missing last), then creation time
descending; a metric filter matches when any logged value of the key does; a page token
only when another model follows; the token carries experiment ids, filter and order.
An MLflow 2 server (--mlflow2) has none of these routes (handlers.resolve gives 404).
"""

import base64
import binascii
import json
import re
import uuid

from errors import ApiError, invalid, RESOURCE_DOES_NOT_EXIST

MAX_RESULTS_DEFAULT = 50
STATUSES = ("LOGGED_MODEL_PENDING", "LOGGED_MODEL_READY", "LOGGED_MODEL_UPLOAD_FAILED")
SEE_DOCS = " See the API docs for more information about request parameters."

# attribute names a filter or order_by may use (SqlLoggedModel columns and aliases)
ATTR_ALIASES = {"creation_time": "creation_timestamp_ms",
                "creation_timestamp": "creation_timestamp_ms",
                "last_updated_timestamp": "last_updated_timestamp_ms",
                "run_id": "source_run_id"}
ATTRS = ("model_id", "name", "status", "model_type", "source_run_id", "experiment_id",
         "creation_timestamp_ms", "last_updated_timestamp_ms")
NUMERIC_ATTRS = ("creation_timestamp_ms", "last_updated_timestamp_ms")
NUMERIC_OPS = ("<", "<=", ">", ">=", "=", "!=")
STRING_OPS = ("=", "!=", "LIKE", "ILIKE", "IN", "NOT IN")


class LoggedModel:
    __slots__ = ("model_id", "experiment_id", "name", "artifact_uri", "status",
                 "model_type", "source_run_id", "creation_timestamp_ms",
                 "last_updated_timestamp_ms", "tags", "params", "metrics", "deleted")

    def __init__(self, model_id, experiment_id, name, now):
        self.model_id = model_id
        self.experiment_id = experiment_id
        self.name = name
        self.artifact_uri = "mlflow-artifacts:/%s/models/%s/artifacts" % (experiment_id,
                                                                          model_id)
        self.status = "LOGGED_MODEL_PENDING"
        self.model_type = None
        self.source_run_id = None
        self.creation_timestamp_ms = now
        self.last_updated_timestamp_ms = now
        self.tags = {}
        self.params = {}
        self.metrics = []       # dicts: key, value, timestamp, step[, dataset_name, dataset_digest]
        self.deleted = False

    def artifact_prefix(self):
        return "%s/models/%s/artifacts" % (self.experiment_id, self.model_id)

    def latest_metric(self, key, dataset_name=None, dataset_digest=None):
        """The value the SQL store orders by: newest timestamp, then highest step."""
        best = None
        for m in self.metrics:
            if m["key"] != key:
                continue
            if dataset_name and m.get("dataset_name") != dataset_name:
                continue
            if dataset_digest and m.get("dataset_digest") != dataset_digest:
                continue
            if best is None or (m["timestamp"], m["step"]) > (best["timestamp"], best["step"]):
                best = m
        return None if best is None else best["value"]

    def to_json(self):
        info = {"model_id": self.model_id, "experiment_id": self.experiment_id,
                "name": self.name,
                "creation_timestamp_ms": self.creation_timestamp_ms,
                "last_updated_timestamp_ms": self.last_updated_timestamp_ms,
                "artifact_uri": self.artifact_uri, "status": self.status}
        if self.model_type is not None:
            info["model_type"] = self.model_type
        if self.source_run_id:
            info["source_run_id"] = self.source_run_id
        if self.tags:
            info["tags"] = [{"key": k, "value": self.tags[k]} for k in sorted(self.tags)]
        data = {}
        if self.params:
            data["params"] = [{"key": k, "value": self.params[k]} for k in sorted(self.params)]
        if self.metrics:
            out = []
            for m in self.metrics:
                d = {"key": m["key"], "value": "NaN" if m["value"] != m["value"] else m["value"],
                     "timestamp": m["timestamp"], "step": m["step"]}
                for k in ("dataset_name", "dataset_digest"):
                    if m.get(k):
                        d[k] = m[k]
                d["model_id"] = self.model_id
                if self.source_run_id:
                    d["run_id"] = self.source_run_id
                out.append(d)
            data["metrics"] = out
        return {"info": info, "data": data}


# ---------------------------------------------------------------------------------------
# store operations
# ---------------------------------------------------------------------------------------

def get(store, model_id):
    lm = store.logged_models.get(model_id)
    if lm is None or lm.deleted:
        raise ApiError(RESOURCE_DOES_NOT_EXIST, "Logged model with ID '%s' not found." % model_id)
    return lm


def create(store, experiment_id, name=None, model_type=None, source_run_id=None,
           params=None, tags=None, model_id=None, now=None):
    exp = store.get_experiment(experiment_id)
    if source_run_id:
        store.get_run(source_run_id)
    model_id = model_id or "m-" + uuid.uuid4().hex
    lm = LoggedModel(model_id, exp.experiment_id, name or "model",
                     now if now is not None else store.clock.now())
    lm.model_type = model_type
    lm.source_run_id = source_run_id or None
    lm.params.update(params or {})
    lm.tags.update(tags or {})
    store.logged_models[model_id] = lm
    store.touch()
    return lm


def add_model_version_tag(store, model_id, name, version):
    """What the MLflow 3.5 server does on model-versions/create with a model_id: append
    {"name", "version"} to the logged model's `mlflow.modelVersions` tag (a JSON list)."""
    lm = store.logged_models.get(model_id)
    if lm is None:
        return
    try:
        entries = json.loads(lm.tags.get("mlflow.modelVersions", "[]"))
        if not isinstance(entries, list):
            entries = []
    except ValueError:
        entries = []
    entries.append({"name": name, "version": str(version)})
    lm.tags["mlflow.modelVersions"] = json.dumps(entries)


def load_fixture_model(store, exp, lfx, run_by_key, base):
    """One entry of an experiment's "logged_models" (tests/fixtures/README.md). The source
    run's outputs.model_outputs gets the model, as log_model does on MLflow 3."""
    from store import put_fixture_artifacts
    run = run_by_key[lfx["source_run"]] if lfx.get("source_run") else None
    lm = create(store, exp.experiment_id, lfx.get("name"), lfx.get("model_type"),
                run.run_id if run else None, lfx.get("params"), lfx.get("tags"),
                model_id=lfx.get("model_id"), now=lfx.get("creation_timestamp_ms"))
    lm.status = lfx.get("status", "LOGGED_MODEL_READY")
    lm.last_updated_timestamp_ms = lfx.get("last_updated_timestamp_ms",
                                           lm.creation_timestamp_ms)
    for m in lfx.get("metrics") or []:
        lm.metrics.append(dict(m))
    if run is not None:
        run.model_outputs = (run.model_outputs or []) + [{"model_id": lm.model_id, "step": 0}]
    put_fixture_artifacts(store, lm.artifact_prefix(), lfx.get("artifacts"), base,
                          lambda t: t)
    return lm


# ---------------------------------------------------------------------------------------
# filter and order_by
# ---------------------------------------------------------------------------------------

_CLAUSE = re.compile(r"""^\s*(?P<ident>[A-Za-z_]\w*(?:\.(?:`[^`]*`|[^\s<>=!]+))?)
                         \s*(?P<op>NOT\s+IN\b|ILIKE\b|LIKE\b|IN\b|[<>=!]+)
                         \s*(?P<value>.*?)\s*$""", re.X | re.I)
_AND = re.compile(r"\s+AND\s+", re.I)


def _split_and(text):
    """Split on AND outside quotes."""
    parts, cur, quote = [], [], None
    i = 0
    while i < len(text):
        c = text[i]
        if quote:
            cur.append(c)
            if c == quote:
                quote = None
        elif c in "'\"`":
            quote = c
            cur.append(c)
        else:
            m = _AND.match(text, i)
            if m:
                parts.append("".join(cur))
                cur = []
                i = m.end()
                continue
            cur.append(c)
        i += 1
    parts.append("".join(cur))
    return parts


def _like(pattern, case_insensitive):
    rx = "".join(".*" if c == "%" else "." if c == "_" else re.escape(c) for c in pattern)
    return re.compile("^%s$" % rx, re.S | (re.I if case_insensitive else 0))


def parse_filter(filter_string):
    """-> list of (entity_type, key, op, value). Messages as MLflow 3.5 words them."""
    if not filter_string or not filter_string.strip():
        return []
    out = []
    for clause in _split_and(filter_string):
        m = _CLAUSE.match(clause)
        if not m:
            raise invalid("Invalid filter string: %r. Expected a list of comparisons "
                          "separated by 'AND' (e.g. 'metrics.loss > 0.1 AND params.lr = 0.01')."
                          % filter_string)
        ident, op, value = m.group("ident"), m.group("op").upper(), m.group("value")
        op = re.sub(r"\s+", " ", op)
        if "." in ident:
            entity, key = ident.split(".", 1)
            if entity not in ("attributes", "metrics", "params", "tags"):
                raise invalid("Invalid entity type: %r. Expected one of ['attributes', "
                              "'metrics', 'params', 'tags']." % entity)
            key = key.strip("`")
        else:
            entity, key = "attributes", ATTR_ALIASES.get(ident, ident)
        if entity == "attributes":
            key = ATTR_ALIASES.get(key, key)
            if key not in ATTRS:
                raise invalid("Invalid attribute key: %r." % key)
        numeric = entity == "metrics" or (entity == "attributes" and key in NUMERIC_ATTRS)
        if op not in (NUMERIC_OPS if numeric else STRING_OPS):
            raise invalid("Invalid comparison operator for %s.%s: %r. Expected one of %r."
                          % (entity, key, op, STRING_OPS))
        if numeric:
            try:
                value = float(value)
            except ValueError:
                raise invalid("Invalid filter string: %r. Expected a number for %s.%s."
                              % (filter_string, entity, key))
        elif op in ("IN", "NOT IN"):
            inner = value.strip()
            if not (inner.startswith("(") and inner.endswith(")")):
                raise invalid("Invalid filter string: %r." % filter_string)
            value = [v.strip().strip("'\"") for v in inner[1:-1].split(",") if v.strip()]
        else:
            value = value.strip("'")
        out.append((entity, key, op, value))
    return out


def _compare(op, actual, value):
    if actual is None:
        return False
    if op in ("<", "<=", ">", ">="):
        if actual != actual:
            actual = 0.0
        return {"<": actual < value, "<=": actual <= value,
                ">": actual > value, ">=": actual >= value}[op]
    if op == "=":
        return actual == value
    if op == "!=":
        return actual != value
    if op in ("LIKE", "ILIKE"):
        return bool(_like(value, op == "ILIKE").match(str(actual)))
    if op == "IN":
        return actual in value
    if op == "NOT IN":
        return actual not in value
    return False


def _matches(lm, comparisons, datasets):
    for entity, key, op, value in comparisons:
        if entity == "attributes":
            ok = _compare(op, getattr(lm, key), value)
        elif entity == "metrics":
            ok = any(m["key"] == key and _compare(op, m["value"], value)
                     and _dataset_ok(m, datasets) for m in lm.metrics)
        elif entity == "params":
            ok = _compare(op, lm.params.get(key), value)
        else:
            ok = _compare(op, lm.tags.get(key), value)
        if not ok:
            return False
    if datasets and not any(e == "metrics" for e, _, _, _ in comparisons):
        return any(_dataset_ok(m, datasets) for m in lm.metrics)
    return True


def _dataset_ok(m, datasets):
    if not datasets:
        return True
    for d in datasets:
        if m.get("dataset_name") == d.get("dataset_name") and \
                ("dataset_digest" not in d or m.get("dataset_digest") == d["dataset_digest"]):
            return True
    return False


def _sort(models, order_by):
    """Stable sorts from the last key to the first; the default key is creation desc."""
    keys = []
    has_creation = False
    for ob in order_by or []:
        if not isinstance(ob, dict) or not isinstance(ob.get("field_name"), str):
            raise invalid("Invalid order_by: %s" % json.dumps(ob))
        field = ob["field_name"]
        asc = ob.get("ascending", True) is not False
        if "." not in field:
            name = ATTR_ALIASES.get(field, field)
            if name not in ATTRS:
                raise invalid("Invalid order by field name: %s" % field)
            if name == "creation_timestamp_ms":
                has_creation = True
            keys.append((lambda lm, n=name: getattr(lm, n), asc))
            continue
        entity, name = field.split(".", 1)
        if entity != "metrics":
            raise invalid("Invalid order by field name: %s. Only metrics are supported." % field)
        keys.append((lambda lm, n=name, dn=ob.get("dataset_name"), dd=ob.get("dataset_digest"):
                     lm.latest_metric(n, dn, dd), asc))
    if not has_creation:
        keys.append((lambda lm: lm.creation_timestamp_ms, False))
    out = list(models)
    for keyf, asc in reversed(keys):
        present = [lm for lm in out if keyf(lm) is not None]
        missing = [lm for lm in out if keyf(lm) is None]
        present.sort(key=lambda lm: _num(keyf(lm)), reverse=not asc)
        out = present + missing
    return out


def _num(v):
    return 0.0 if isinstance(v, float) and v != v else v


def _token(experiment_ids, filter_string, order_by, offset):
    d = {"experiment_ids": experiment_ids, "filter_string": filter_string,
         "order_by": order_by, "offset": offset}
    return base64.b64encode(json.dumps(d).encode()).decode()


def _parse_token(token, experiment_ids, filter_string, order_by):
    try:
        d = json.loads(base64.b64decode(token))
    except (binascii.Error, ValueError, TypeError):
        raise invalid("Invalid page token: %s" % token)
    if not isinstance(d, dict) or not isinstance(d.get("offset"), int):
        raise invalid("Invalid page token: %s" % token)
    if d.get("experiment_ids") != experiment_ids or d.get("filter_string") != filter_string \
            or d.get("order_by") != order_by:
        raise invalid("The page token does not match the request's experiment_ids, filter "
                      "or order_by.")
    return d["offset"]


def search(store, experiment_ids, filter_string=None, order_by=None, max_results=None,
           page_token=None, datasets=None):
    """-> (list of LoggedModel, next_page_token or None)."""
    comparisons = parse_filter(filter_string)
    offset = _parse_token(page_token, experiment_ids, filter_string, order_by) \
        if page_token else 0
    max_results = max_results or MAX_RESULTS_DEFAULT
    wanted = set(str(e) for e in experiment_ids)
    models = [lm for lm in store.logged_models.values()
              if not lm.deleted and lm.experiment_id in wanted
              and _matches(lm, comparisons, datasets)]
    models = _sort(models, order_by)
    page = models[offset:offset + max_results + 1]
    token = None
    if len(page) > max_results:
        page = page[:max_results]
        token = _token(experiment_ids, filter_string, order_by, offset + max_results)
    return page, token


# ---------------------------------------------------------------------------------------
# handlers
# ---------------------------------------------------------------------------------------

def _kv(value, name):
    import handlers
    return dict(handlers.key_values(value, name))


def h_create(req):
    import handlers
    p = req.json
    exp_id = handlers.required_str(p, "experiment_id")
    store = req.app.store
    with store.lock:
        lm = create(store, exp_id, handlers.opt_str(p, "name"), handlers.opt_str(p, "model_type"),
                    handlers.opt_str(p, "source_run_id"), _kv(p.get("params"), "params"),
                    _kv(p.get("tags"), "tags"))
        return {"model": lm.to_json()}


def h_get(req, model_id):
    with req.app.store.lock:
        return {"model": get(req.app.store, model_id).to_json()}


def h_finalize(req, model_id):
    import handlers
    status = handlers.required_str(req.json, "status")
    if status not in STATUSES:
        raise invalid("Invalid value %s for parameter 'status' supplied." % json.dumps(status))
    store = req.app.store
    with store.lock:
        lm = get(store, model_id)
        lm.status = status
        lm.last_updated_timestamp_ms = store.clock.now()
        store.touch()
        return {"model": lm.to_json()}


def h_delete(req, model_id):
    store = req.app.store
    with store.lock:
        get(store, model_id).deleted = True
        store.touch()
    return {}


def h_search(req):
    import handlers
    p = req.json
    ids = p.get("experiment_ids")
    if not ids:
        raise invalid("Missing value for required parameter 'experiment_ids'." + SEE_DOCS)
    ids = handlers.str_list(ids, "experiment_ids")
    max_results = handlers.opt_int(p, "max_results", None)
    filt = handlers.opt_str(p, "filter")
    order_by = p.get("order_by")
    if order_by is not None and not isinstance(order_by, list):
        raise invalid("Invalid value %s for parameter 'order_by' supplied." % json.dumps(order_by))
    datasets = p.get("datasets")
    if datasets is not None and (not isinstance(datasets, list) or
                                 not all(isinstance(d, dict) and d.get("dataset_name")
                                         for d in datasets)):
        raise invalid("`dataset_name` in the `datasets` clause must be specified.")
    store = req.app.store
    with store.lock:
        page, token = search(store, ids, filt, order_by, max_results,
                             handlers.opt_str(p, "page_token"), datasets)
        out = {"models": [lm.to_json() for lm in page]}
    if token:
        out["next_page_token"] = token
    return out


def h_list_directories(req, model_id):
    import handlers
    p = req.params()
    rel = handlers._clean_rel(handlers.opt_str(p, "artifact_directory_path", ""))
    store = req.app.store
    with store.lock:
        lm = get(store, model_id)
        prefix = lm.artifact_prefix()
        entries = store.list_dir(prefix + ("/" + rel if rel else ""))
        if entries is not None and (prefix + "/" + rel) in store.artifacts:
            entries = None
    out = {"root_uri": lm.artifact_uri}
    if entries:
        out["files"] = [handlers._entry((rel + "/" + n) if rel else n, d, s)
                        for n, d, s in entries]
    return out


def h_get_file(req, model_id):
    import handlers
    p = req.params()
    rel = handlers._clean_rel(handlers.opt_str(p, "artifact_file_path", ""))
    store = req.app.store
    with store.lock:
        full = get(store, model_id).artifact_prefix() + "/" + rel
    return handlers._serve(store, full)


W, R = True, False
_ID = r"(m-[0-9A-Za-z]+)"
_ROUTES = [
    (re.compile(r"^mlflow/logged-models/%s$" % _ID),
     {"GET": (h_get, R), "PATCH": (h_finalize, W), "DELETE": (h_delete, W)}),
    (re.compile(r"^mlflow/logged-models/%s/artifacts/directories$" % _ID),
     {"GET": (h_list_directories, R)}),
    (re.compile(r"^mlflow/logged-models/%s/artifacts/files$" % _ID),
     {"GET": (h_get_file, R)}),
]
ROUTES = {
    "mlflow/logged-models": {"POST": (h_create, W)},
    "mlflow/logged-models/search": {"POST": (h_search, R)},
}


def resolve(sub):
    """sub: the path below /api/2.0/ -> (methods, model id) or (None, None)."""
    if sub in ROUTES:
        return ROUTES[sub], None
    for rx, methods in _ROUTES:
        m = rx.match(sub)
        if m:
            return methods, m.group(1)
    return None, None
