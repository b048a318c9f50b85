"""In-memory data store of the MLflow test server: experiments, runs, the model registry
and artifacts, plus the fixture loader and the synthetic-data generator.

Everything here is plain Python (standard library only). The HTTP layer lives in
mlflow_server.py, the filter / order_by / paging logic in search.py.

Serialisation follows MLflow 3.5's REST output (protobuf -> JSON): fields that are unset are
left out, int64 fields are JSON numbers, NaN is the string "NaN" and +-Infinity is stored as
+-1.7976931348623157e308 (what the SQL store keeps).
"""

import base64
import math
import os
import random
import threading
import time
import uuid

from errors import ApiError, INVALID_PARAMETER_VALUE, RESOURCE_DOES_NOT_EXIST, \
    RESOURCE_ALREADY_EXISTS

DBL_MAX = 1.7976931348623157e308

ACTIVE = "active"
DELETED = "deleted"

RUN_STATUSES = ("RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED")

STAGES = ("None", "Staging", "Production", "Archived")
_STAGE_BY_LOWER = {s.lower(): s for s in STAGES}


def canonical_stage(stage):
    """MLflow's get_canonical_stage: case-insensitive, error text as recorded (084)."""
    s = _STAGE_BY_LOWER.get(str(stage).lower()) if stage is not None else None
    if s is None:
        raise ApiError(INVALID_PARAMETER_VALUE,
                       "Invalid Model Version stage: %s. Value must be one of %s."
                       % (stage, ", ".join(STAGES)))
    return s


class Clock:
    """Millisecond clock that never returns the same value twice, so that distinct events
    get distinct timestamps (MLflow's ordering by creation time relies on it)."""

    def __init__(self):
        self._last = 0
        self._lock = threading.Lock()

    def now(self):
        with self._lock:
            t = int(time.time() * 1000)
            if t <= self._last:
                t = self._last + 1
            self._last = t
            return t


def metric_value_from_json(v):
    """Accept a JSON number or the strings proto-JSON accepts for doubles."""
    if isinstance(v, bool):
        raise ValueError("bool")
    if isinstance(v, (int, float)):
        v = float(v)
    elif isinstance(v, str):
        s = v.strip()
        if s in ("NaN", "nan"):
            v = math.nan
        elif s in ("Infinity", "inf", "+Infinity"):
            v = math.inf
        elif s in ("-Infinity", "-inf"):
            v = -math.inf
        else:
            v = float(s)
    else:
        raise ValueError("not a number")
    if math.isinf(v):  # the SQL store cannot keep infinities
        v = DBL_MAX if v > 0 else -DBL_MAX
    return v


def kv_json(d):
    """A dict as MLflow's [{"key": ..., "value": ...}] list (tags, params)."""
    return [{"key": k, "value": v} for k, v in d.items()]


def value_to_json(v):
    return "NaN" if v != v else v


def _cmp_value(v):
    """Value as the SQL store compares it: NaN is stored as 0 (is_nan flag aside)."""
    return 0.0 if v != v else v


def metric_point_key(p):
    """Latest-value order: highest step, then timestamp, then value."""
    value, ts, step = p
    return (step, ts, _cmp_value(value))


class Experiment:
    __slots__ = ("experiment_id", "name", "artifact_location", "lifecycle_stage",
                 "creation_time", "last_update_time", "tags")

    def __init__(self, experiment_id, name, artifact_location, now):
        self.experiment_id = experiment_id
        self.name = name
        self.artifact_location = artifact_location
        self.lifecycle_stage = ACTIVE
        self.creation_time = now
        self.last_update_time = now
        self.tags = {}

    def to_json(self):
        d = {"experiment_id": self.experiment_id, "name": self.name,
             "artifact_location": self.artifact_location,
             "lifecycle_stage": self.lifecycle_stage,
             "last_update_time": self.last_update_time,
             "creation_time": self.creation_time}
        if self.tags:
            d["tags"] = kv_json(self.tags)
        return d


class Run:
    """A run. `metrics` holds the latest point of each key as (value, timestamp, step);
    `history` holds every point of a key, but only once a key has more than one point
    (a single point is read from `metrics`) - this keeps 100,000 synthetic runs small."""

    __slots__ = ("run_id", "experiment_id", "run_name", "user_id", "status", "start_time",
                 "end_time", "artifact_uri", "lifecycle_stage", "tags", "params", "metrics",
                 "history", "inputs", "model_outputs")

    def __init__(self, run_id, experiment_id, run_name, user_id, status, start_time,
                 end_time, artifact_uri):
        self.run_id = run_id
        self.experiment_id = experiment_id
        self.run_name = run_name
        self.user_id = user_id
        self.status = status
        self.start_time = start_time
        self.end_time = end_time
        self.artifact_uri = artifact_uri
        self.lifecycle_stage = ACTIVE
        self.tags = {}
        self.params = {}
        self.metrics = {}
        self.history = None
        self.inputs = None          # the run's `inputs` JSON (dataset_inputs), as logged
        self.model_outputs = None   # [{"model_id", "step"}]: logged models it produced

    # -- metrics -------------------------------------------------------------------------
    def log_metric(self, key, value, timestamp, step):
        point = (value, timestamp, step)
        old = self.metrics.get(key)
        if old is None:
            self.metrics[key] = point
            return
        if self.history is None:
            self.history = {}
        h = self.history.get(key)
        if h is None:
            h = self.history[key] = [old]
        if point in h:  # the SQL store ignores an identical point
            return
        h.append(point)
        if metric_point_key(point) >= metric_point_key(old):
            self.metrics[key] = point

    def metric_history(self, key):
        if self.history is not None and key in self.history:
            return list(self.history[key])
        p = self.metrics.get(key)
        return [p] if p is not None else []

    # -- serialisation -------------------------------------------------------------------
    def info_json(self):
        d = {"run_uuid": self.run_id, "experiment_id": self.experiment_id}
        if self.run_name is not None:
            d["run_name"] = self.run_name
        if self.user_id is not None:
            d["user_id"] = self.user_id
        d["status"] = self.status
        if self.start_time is not None:
            d["start_time"] = self.start_time
        if self.end_time is not None:
            d["end_time"] = self.end_time
        d["artifact_uri"] = self.artifact_uri
        d["lifecycle_stage"] = self.lifecycle_stage
        d["run_id"] = self.run_id
        return d

    def data_json(self):
        d = {}
        if self.metrics:
            d["metrics"] = [{"key": k, "value": value_to_json(v), "timestamp": ts, "step": st}
                            for k, (v, ts, st) in self.metrics.items()]
        if self.params:
            d["params"] = kv_json(self.params)
        if self.tags:
            d["tags"] = kv_json(self.tags)
        return d

    def to_json(self, with_outputs):
        """with_outputs: runs/get on MLflow 3 (runs/search and MLflow 2 send none)."""
        d = {"info": self.info_json(), "data": self.data_json(), "inputs": self.inputs or {}}
        if with_outputs:
            d["outputs"] = {"model_outputs": list(self.model_outputs)} \
                if self.model_outputs else {}
        return d


class ModelVersion:
    __slots__ = ("name", "version", "creation_time", "last_updated_time", "user_id",
                 "current_stage", "description", "source", "run_id", "run_link", "status",
                 "tags", "deleted", "model_id")

    def __init__(self, name, version, now, source, run_id, run_link, description):
        self.name = name
        self.version = version
        self.creation_time = now
        self.last_updated_time = now
        self.user_id = None
        self.current_stage = "None"
        self.description = description
        self.source = source
        self.run_id = run_id
        self.run_link = run_link
        self.status = "READY"
        self.tags = {}
        self.deleted = False
        self.model_id = None        # kept, not sent: MLflow 3.5's SQL store has no column

    def to_json(self, aliases=None):
        d = {"name": self.name, "version": str(self.version),
             "creation_timestamp": self.creation_time,
             "last_updated_timestamp": self.last_updated_time}
        if self.user_id is not None:
            d["user_id"] = self.user_id
        d["current_stage"] = self.current_stage
        if self.description is not None:
            d["description"] = self.description
        d["source"] = self.source
        if self.run_id is not None:
            d["run_id"] = self.run_id
        d["status"] = self.status
        if self.tags:
            d["tags"] = kv_json(self.tags)
        d["run_link"] = self.run_link if self.run_link is not None else ""
        if aliases:
            d["aliases"] = list(aliases)
        return d


class RegisteredModel:
    __slots__ = ("name", "creation_time", "last_updated_time", "description", "tags",
                 "versions", "aliases")

    def __init__(self, name, now, description):
        self.name = name
        self.creation_time = now
        self.last_updated_time = now
        self.description = description
        self.tags = {}
        self.versions = []          # every version ever created, deleted ones flagged
        self.aliases = {}           # alias -> version number (int)

    def live_versions(self):
        return [v for v in self.versions if not v.deleted]

    def latest_versions(self):
        """The latest version of each stage, in the order the stages are first met while
        walking the versions (what SqlRegisteredModel.to_mlflow_entity does)."""
        latest = {}
        for mv in self.live_versions():
            cur = latest.get(mv.current_stage)
            if cur is None or cur.version < mv.version:
                latest[mv.current_stage] = mv
        return list(latest.values())

    def aliases_of(self, version):
        return sorted(a for a, v in self.aliases.items() if v == version)

    def to_json(self):
        d = {"name": self.name, "creation_timestamp": self.creation_time,
             "last_updated_timestamp": self.last_updated_time}
        if self.description is not None:
            d["description"] = self.description
        lv = self.latest_versions()
        if lv:
            d["latest_versions"] = [mv.to_json() for mv in lv]
        if self.tags:
            d["tags"] = kv_json(self.tags)
        if self.aliases:
            d["aliases"] = [{"alias": a, "version": str(v)}
                            for a, v in sorted(self.aliases.items())]
        return d


class Store:
    """All server state. Callers hold `store.lock` around every access."""

    def __init__(self, artifacts_destination):
        self.lock = threading.RLock()
        self.clock = Clock()
        self.generation = 0     # bumped on every write; keys the runs/search cache
        self.experiments = {}   # id(str) -> Experiment, in creation order
        self.next_experiment_id = 0
        self.runs = {}          # run_id -> Run
        self.runs_by_experiment = {}  # experiment id -> [Run] in creation order
        self.models = {}        # name -> RegisteredModel
        self.logged_models = {}  # model_id -> logged_models.LoggedModel, in creation order
        self.artifacts = {}     # "<exp>/<run>/artifacts/<path>" -> bytes
        self.artifacts_destination = artifacts_destination
        self.create_experiment("Default")

    def touch(self):
        self.generation += 1

    # -- experiments -----------------------------------------------------------------------
    def create_experiment(self, name, tags=None, artifact_location=None, experiment_id=None):
        if not name:
            raise ApiError(INVALID_PARAMETER_VALUE,
                           "Invalid experiment name: '%s'" % ("" if name is None else name))
        for e in self.experiments.values():
            if e.name == name:
                raise ApiError(RESOURCE_ALREADY_EXISTS,
                               "Experiment(name=%s) already exists. Error: (raised as a result "
                               "of Query-invoked autoflush; consider using a session.no_autoflush "
                               "block if this flush is occurring prematurely)" % name)
        if experiment_id is not None:       # a fixture that keeps a recording's ids
            eid = str(experiment_id)
            if eid in self.experiments:
                raise ValueError("experiment id %s is taken" % eid)
            self.next_experiment_id = max(self.next_experiment_id, int(eid) + 1)
        else:
            eid = str(self.next_experiment_id)
            self.next_experiment_id += 1
        exp = Experiment(eid, name, artifact_location or "mlflow-artifacts:/%s" % eid,
                         self.clock.now())
        for k, v in (tags or {}).items():
            exp.tags[k] = v
        self.experiments[eid] = exp
        self.runs_by_experiment[eid] = []
        self.touch()
        return exp

    def get_experiment(self, experiment_id):
        exp = self.experiments.get(str(experiment_id))
        if exp is None:
            raise ApiError(RESOURCE_DOES_NOT_EXIST,
                           "No Experiment with id=%s exists" % experiment_id)
        return exp

    def get_experiment_by_name(self, name):
        for e in self.experiments.values():
            if e.name == name:
                return e
        raise ApiError(RESOURCE_DOES_NOT_EXIST,
                       "Could not find experiment with name '%s'" % name)

    # -- runs ------------------------------------------------------------------------------
    def get_run(self, run_id):
        run = self.runs.get(run_id)
        if run is None:
            raise ApiError(RESOURCE_DOES_NOT_EXIST, "Run with id=%s not found" % run_id)
        return run

    def active_run(self, run_id):
        run = self.get_run(run_id)
        if run.lifecycle_stage != ACTIVE:
            raise ApiError(INVALID_PARAMETER_VALUE,
                           "The run %s must be in the 'active' state. Current state is %s."
                           % (run_id, run.lifecycle_stage))
        return run

    def create_run(self, experiment_id, user_id=None, start_time=None, tags=None,
                   run_name=None, run_id=None):
        exp = self.get_experiment(experiment_id)
        if exp.lifecycle_stage != ACTIVE:
            raise ApiError(INVALID_PARAMETER_VALUE,
                           "The experiment %s must be in the 'active' state. "
                           "Current state is %s." % (exp.experiment_id, exp.lifecycle_stage))
        tags = list(tags or [])
        tag_name = next((v for k, v in tags if k == "mlflow.runName"), None)
        if run_name and tag_name and run_name != tag_name:
            raise ApiError(INVALID_PARAMETER_VALUE,
                           "Both 'run_name' argument and 'mlflow.runName' tag are specified, "
                           "but with different values (run_name='%s', mlflow.runName='%s')."
                           % (run_name, tag_name))
        run_name = run_name or tag_name or _random_run_name()
        run_id = run_id or uuid.uuid4().hex
        run = Run(run_id, exp.experiment_id, run_name, user_id, "RUNNING",
                  start_time if start_time is not None else self.clock.now(), None,
                  "mlflow-artifacts:/%s/%s/artifacts" % (exp.experiment_id, run_id))
        for k, v in tags:
            run.tags[k] = v
        if tag_name is None:
            run.tags["mlflow.runName"] = run_name
        self.runs[run_id] = run
        self.runs_by_experiment[exp.experiment_id].append(run)
        self.touch()
        return run

    def log_param(self, run, key, value):
        old = run.params.get(key)
        if old is not None and old != value:
            raise ApiError(INVALID_PARAMETER_VALUE,
                           "Changing param values is not allowed. Param with key='%s' was "
                           "already logged with value='%s' for run ID='%s'. Attempted logging "
                           "new value '%s'." % (key, old, run.run_id, value))
        run.params[key] = value

    def delete_run(self, run_id):
        run = self.get_run(run_id)
        run.lifecycle_stage = DELETED
        self.touch()

    def restore_run(self, run_id):
        run = self.get_run(run_id)
        run.lifecycle_stage = ACTIVE
        self.touch()

    # -- artifacts -------------------------------------------------------------------------
    @staticmethod
    def run_artifact_prefix(run):
        return "%s/%s/artifacts" % (run.experiment_id, run.run_id)

    def put_artifact(self, path, data):
        self.artifacts[path.strip("/")] = bytes(data)

    def list_dir(self, path):
        """Direct children of `path` (relative to the destination root): a sorted list of
        (name, is_dir, size). None if nothing lives under it."""
        prefix = path.strip("/")
        prefix = prefix + "/" if prefix else ""
        children = {}
        for p, data in self.artifacts.items():
            if not p.startswith(prefix):
                continue
            rest = p[len(prefix):]
            if "/" in rest:
                children[rest.split("/", 1)[0]] = None
            else:
                children.setdefault(rest, len(data))
        if not children:
            return None
        return [(name, size is None, size) for name, size in sorted(children.items())]

    def delete_artifacts(self, path):
        p = path.strip("/")
        for k in [k for k in self.artifacts if k == p or k.startswith(p + "/")]:
            del self.artifacts[k]

    # -- registry --------------------------------------------------------------------------
    def get_model(self, name):
        if not name:
            raise ApiError(INVALID_PARAMETER_VALUE,
                           "Missing value for required parameter 'name'.")
        m = self.models.get(name)
        if m is None:
            raise ApiError(RESOURCE_DOES_NOT_EXIST,
                           "Registered Model with name=%s not found" % name)
        return m

    def get_version(self, name, version):
        if not name:
            raise ApiError(INVALID_PARAMETER_VALUE,
                           "Missing value for required parameter 'name'.")
        try:
            vnum = int(str(version))
        except ValueError:
            raise ApiError(INVALID_PARAMETER_VALUE,
                           "Parameter 'version' must be an integer, got '%s'." % version)
        m = self.models.get(name)
        if m is not None:
            for mv in m.versions:
                if mv.version == vnum and not mv.deleted:
                    return m, mv
        raise ApiError(RESOURCE_DOES_NOT_EXIST,
                       "Model Version (name=%s, version=%s) not found" % (name, version))

    def create_model(self, name, tags=None, description=None):
        if not name:
            raise ApiError(INVALID_PARAMETER_VALUE,
                           "Missing value for required parameter 'name'.")
        if name in self.models:
            raise ApiError(RESOURCE_ALREADY_EXISTS,
                           "Registered Model (name=%s) already exists." % name)
        m = RegisteredModel(name, self.clock.now(), description)
        for k, v in (tags or []):
            m.tags[k] = v
        self.models[name] = m
        self.touch()
        return m

    def create_version(self, name, source, run_id=None, tags=None, run_link=None,
                       description=None, model_id=None):
        m = self.get_model(name)
        now = self.clock.now()
        m.last_updated_time = now
        number = max([v.version for v in m.versions] or [0]) + 1
        mv = ModelVersion(name, number, now, source, run_id, run_link, description)
        mv.model_id = model_id
        for k, v in (tags or []):
            mv.tags[k] = v
        m.versions.append(mv)
        self.touch()
        return mv

    def transition(self, name, version, stage, archive_existing):
        stage = canonical_stage(stage)
        if archive_existing and stage not in ("Staging", "Production"):
            raise ApiError(INVALID_PARAMETER_VALUE,
                           "Model version transition cannot archive existing model versions "
                           "because '%s' is not an Active stage. Valid stages are "
                           "['Staging', 'Production']" % stage)
        m, mv = self.get_version(name, version)
        now = self.clock.now()
        if archive_existing:
            for other in m.live_versions():
                if other is not mv and other.current_stage == stage:
                    other.current_stage = "Archived"
                    other.last_updated_time = now
        mv.current_stage = stage
        mv.last_updated_time = now
        m.last_updated_time = now
        self.touch()
        return m, mv


_ADJ = ("able", "bold", "brave", "calm", "clever", "crisp", "eager", "fancy", "gentle",
        "happy", "jolly", "keen", "lucky", "merry", "nimble", "proud", "quick", "shy",
        "smart", "witty")
_NOUN = ("ant", "bass", "cat", "cod", "doe", "eel", "finch", "gnat", "hare", "lark", "mink",
         "moth", "ox", "ray", "seal", "tern", "toad", "wolf", "wren", "yak")


def _random_run_name():
    r = random.Random()
    return "%s-%s-%d" % (r.choice(_ADJ), r.choice(_NOUN), r.randint(0, 999))


# ---------------------------------------------------------------------------------------
# Fixture loading
# ---------------------------------------------------------------------------------------

def _substitute(text, run, exp_id):
    return (text.replace("${run_id}", run.run_id)
                .replace("${experiment_id}", exp_id)
                .replace("${artifact_uri}", run.artifact_uri))


def load_fixture(store, path):
    """Fixture keys beyond neos.json (tests/fixtures/README.md): an experiment's
    "experiment_id" and "logged_models", a run's "run_id" and "inputs", an artifact's
    "size" (that many zero bytes), a model version's "logged_model"."""
    """Create the fixture's contents the way the recording's seed script did through the
    REST API, so that ordering of tags, timestamps etc. come out the same:
    runs/create with the tags that need no substitution (the server then appends
    mlflow.runName), then the substituted tags, params, metrics, history, artifacts."""
    import json
    with open(path, encoding="utf-8") as f:
        fx = json.load(f)
    base = os.path.dirname(os.path.abspath(path))
    run_by_key = {}
    for efx in fx.get("experiments", []):
        if efx["name"] == "Default":
            exp = store.experiments["0"]
            exp.tags.update(efx.get("tags") or {})
        else:
            exp = store.create_experiment(efx["name"], efx.get("tags") or {},
                                          experiment_id=efx.get("experiment_id"))
        for rfx in efx.get("runs", []):
            run = _load_run(store, exp, rfx, base)
            if rfx.get("key"):
                run_by_key[rfx["key"]] = run
        if efx.get("logged_models"):
            import logged_models
            for lfx in efx["logged_models"]:
                logged_models.load_fixture_model(store, exp, lfx, run_by_key, base)
    for mfx in fx.get("registered_models", []):
        _load_model(store, mfx, run_by_key)
    store.touch()
    return fx


def _load_run(store, exp, rfx, base):
    tags = rfx.get("tags") or {}
    plain = [(k, v) for k, v in tags.items() if "${" not in v]
    run = store.create_run(exp.experiment_id, user_id=rfx.get("user_id"),
                           start_time=rfx.get("start_time"), tags=plain,
                           run_name=rfx.get("run_name"), run_id=rfx.get("run_id"))
    if rfx.get("inputs"):
        run.inputs = rfx["inputs"]
    for k, v in tags.items():
        if "${" in v:
            run.tags[k] = _substitute(v, run, exp.experiment_id)
    for k, v in (rfx.get("params") or {}).items():
        run.params[k] = str(v)
    end = rfx.get("end_time")
    # Plain metric values were logged 200 ms before the run ended (or 1.3 s after the start
    # of a run still running), which is what the recording's seed script did.
    default_ts = (end if end is not None else rfx["start_time"] + 1500) - 200
    for k, v in (rfx.get("metrics") or {}).items():
        if isinstance(v, dict):
            run.log_metric(k, metric_value_from_json(v["value"]),
                           int(v.get("timestamp", default_ts)), int(v.get("step", 0)))
        else:
            run.log_metric(k, metric_value_from_json(v), default_ts, 0)
    for k, points in (rfx.get("metric_history") or {}).items():
        for p in points:
            run.log_metric(k, metric_value_from_json(p["value"]), int(p["timestamp"]),
                           int(p.get("step", 0)))
    run.status = rfx.get("status", "FINISHED")
    run.end_time = end
    if rfx.get("deleted"):
        run.lifecycle_stage = DELETED
    put_fixture_artifacts(store, store.run_artifact_prefix(run), rfx.get("artifacts"),
                          base, lambda t: _substitute(t, run, exp.experiment_id))
    return run


def put_fixture_artifacts(store, prefix, artifacts, base, substitute):
    for a in artifacts or []:
        if "text" in a:
            data = substitute(a["text"]).encode("utf-8")
        elif "file" in a:
            with open(os.path.join(base, a["file"]), "rb") as f:
                data = f.read()
        elif "size" in a:
            data = bytes(int(a["size"]))
        else:
            data = base64.b64decode(a["base64"])
        store.put_artifact(prefix + "/" + a["path"], data)


def _load_model(store, mfx, run_by_key):
    m = store.create_model(mfx["name"], list((mfx.get("tags") or {}).items()),
                           mfx.get("description"))
    for vfx in mfx.get("versions", []):
        if vfx.get("logged_model"):   # MLflow 3: registered from a logged model
            lm = store.logged_models[vfx["logged_model"]]
            store.create_version(m.name, "models:/" + lm.model_id, lm.source_run_id,
                                 list((vfx.get("tags") or {}).items()), "",
                                 vfx.get("description", ""), model_id=lm.model_id)
            continue
        run = run_by_key[vfx["run"]]
        source = run.artifact_uri + "/" + vfx.get("artifact_path", "model")
        store.create_version(m.name, source, run.run_id,
                             list((vfx.get("tags") or {}).items()), "",
                             vfx.get("description"))
    for t in mfx.get("transitions", []):
        store.transition(m.name, t["version"], t["stage"],
                         bool(t.get("archive_existing_versions")))
    for alias, version in (mfx.get("aliases") or {}).items():
        m.aliases[alias] = int(version)


# ---------------------------------------------------------------------------------------
# Synthetic runs for scale tests
# ---------------------------------------------------------------------------------------

SYNTH_METRICS = (["loss", "val_loss", "accuracy", "val_accuracy", "f1", "precision",
                  "recall", "auc", "rmse", "mae"]
                 + ["metric_%02d" % i for i in range(10, 28)]
                 + ["val/loss", "train time (s)"])
SYNTH_PARAMS = (["lr", "batch_size", "optimizer", "epochs", "seed", "model", "dropout",
                 "layers", "units", "activation"]
                + ["param_%02d" % i for i in range(10, 30)])
SYNTH_TAGS = ["mlflow.user", "mlflow.source.name", "mlflow.source.type", "team", "stage",
              "dataset", "git_commit", "host", "priority", "note"]


def add_synthetic(store, n, seed=20240521):
    """Experiment `synthetic` with n runs of 30 metrics, 30 params and 10 tags (plus the
    mlflow.runName tag). Deterministic: the same n gives the same data, ids included.
    About 1 in 50 metric values is NaN and about 1 in 40 metrics/params is missing."""
    exp = store.create_experiment("synthetic", {"purpose": "scale tests"})
    rng = random.Random(seed)
    rand = rng.random
    getbits = rng.getrandbits
    eid = exp.experiment_id
    runs = store.runs
    exp_runs = store.runs_by_experiment[eid]
    optimizers = ("adam", "sgd", "rmsprop", "adagrad")
    models = ("mlp", "cnn", "resnet18", "resnet50", "transformer", "xgboost")
    activations = ("relu", "gelu", "tanh", "sigmoid")
    users = ("alice", "bob", "carol", "dave")
    statuses = ("FINISHED",) * 16 + ("FAILED", "KILLED", "RUNNING", "SCHEDULED")
    # a small pool of shared string values keeps memory down for 100,000 runs
    pool = ["%d" % i for i in range(1000)]
    lr_pool = ["%g" % (10 ** (-(i / 10.0))) for i in range(10, 50)]
    t0 = 1700000000000
    nm = len(SYNTH_METRICS)
    for i in range(n):
        run_id = "%032x" % getbits(128)
        start = t0 + i * 60000 + int(rand() * 30000)
        status = statuses[int(rand() * len(statuses))]
        end = None if status in ("RUNNING", "SCHEDULED") else start + 1000 + int(rand() * 600000)
        name = "synthetic-%06d" % i
        run = Run(run_id, eid, name, users[i % 4], status, start, end,
                  "mlflow-artifacts:/%s/%s/artifacts" % (eid, run_id))
        ts = (end or start) - 100
        base = rand()
        metrics = {}
        for j in range(nm):
            r = rand()
            if r < 0.025:
                continue                      # missing
            if r < 0.045:
                v = math.nan
            else:
                v = round(base * 0.5 + rand() * 0.5 + (j % 7) * 0.1, 6)
            metrics[SYNTH_METRICS[j]] = (v, ts, 0)
        run.metrics = metrics
        params = {
            "lr": lr_pool[int(rand() * 40)],
            "batch_size": pool[(16, 32, 64, 128, 256)[int(rand() * 5)]],
            "optimizer": optimizers[int(rand() * 4)],
            "epochs": pool[int(rand() * 100) + 1],
            "seed": pool[i % 1000],
            "model": models[int(rand() * 6)],
            "dropout": "0.%d" % int(rand() * 6),
            "layers": pool[int(rand() * 12) + 1],
            "units": pool[(64, 128, 256, 512)[int(rand() * 4)]],
            "activation": activations[int(rand() * 4)],
        }
        for j in range(10, 30):
            if rand() < 0.025:
                continue
            params[SYNTH_PARAMS[j]] = pool[int(rand() * 1000)]
        if rand() < 0.1:
            del params["dropout"]
        run.params = params
        run.tags = {
            "mlflow.user": users[i % 4],
            "mlflow.source.name": "train.py",
            "mlflow.source.type": "LOCAL",
            "team": ("vision", "nlp", "tabular")[i % 3],
            "stage": ("dev", "staging", "prod")[int(rand() * 3)],
            "dataset": ("cifar10", "imdb", "adult")[i % 3],
            "git_commit": "%040x" % getbits(160),
            "host": "node-%02d" % int(rand() * 16),
            "priority": pool[int(rand() * 5)],
            "note": "synthetic run %d" % i,
            "mlflow.runName": name,
        }
        if rand() < 0.01:
            run.lifecycle_stage = DELETED
        runs[run_id] = run
        exp_runs.append(run)
    store.touch()
    return exp


def set_running(store, exp, k):
    """Exactly the k newest active runs of exp RUNNING (no end time), every other run of
    it FINISHED: a training box with k jobs still going (bench/bench_watch.c)."""
    runs = sorted(store.runs_by_experiment[exp.experiment_id], key=lambda r: r.start_time)
    active = [r for r in runs if r.lifecycle_stage == ACTIVE]
    live = set(id(r) for r in active[len(active) - k:]) if k > 0 else set()
    for r in runs:
        if id(r) in live:
            r.status, r.end_time = "RUNNING", None
        elif r.status != "FINISHED" or r.end_time is None:
            r.status, r.end_time = "FINISHED", r.start_time + 60000
    store.touch()
