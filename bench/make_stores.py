#!/usr/bin/env python3
"""Synthetic local MLflow stores for bench/bench_store.c (Python stdlib only).

    bench/make_stores.py OUTDIR

OUTDIR/bench.db        SQLite store, MLflow 3.5's real schema (copied from the fixture
                       tests/fixtures/local-stores/mlflow3-client-sqlite/mlflow.db):
                       experiment 1 with 100,000 runs x 30 metrics x 30 params x 10 tags
                       (each metric also one row of history).
OUTDIR/mlruns/         file store in MLflow's layout: experiment 1 with 10,000 runs of the
                       same shape (30 metric files, 30 param files, 10 tag files each).
OUTDIR/synthetic.db    SQLite store (the same schema) holding exactly the runs the test
                       server serves with --synthetic-runs 10000 (experiment `synthetic`,
                       made by tests/server/store.py's add_synthetic: same ids, values,
                       NaNs and deleted runs), so a local load and an HTTP load of the
                       same runs can be compared.
Each is built once; an existing one (with its .done marker) is kept.
"""
import os
import random
import sqlite3
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURE = os.path.join(TOP, "tests/fixtures/local-stores/mlflow3-client-sqlite/mlflow.db")
T0 = 1796178000000


def new_db(path):
    """An empty SQLite store at path in the fixture's schema (MLflow 3.5)."""
    if os.path.exists(path):
        os.remove(path)
    src = sqlite3.connect("file:%s?mode=ro" % FIXTURE, uri=True)
    schema = [r[0] for r in src.execute(
        "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' "
        "ORDER BY type = 'index', rowid")]
    version = src.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    src.close()
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    for sql in schema:
        db.execute(sql)
    db.execute("INSERT INTO alembic_version VALUES (?)", (version,))
    return db


def build_sqlite(path, n_runs=100000, n_metrics=30, n_params=30, n_tags=10):
    if os.path.exists(path + ".done"):
        return
    db = new_db(path)
    db.execute("INSERT INTO experiments VALUES (0, 'Default', '/tmp/bench/0', 'active', ?, ?)",
               (T0, T0))
    db.execute("INSERT INTO experiments VALUES (1, 'bench', '/tmp/bench/1', 'active', ?, ?)",
               (T0, T0))
    rnd = random.Random(1)
    runs, lm, hist, params, tags = [], [], [], [], []

    def flush():
        db.executemany("INSERT INTO runs (run_uuid, name, source_type, source_name, "
                       "entry_point_name, user_id, status, start_time, end_time, source_version, "
                       "lifecycle_stage, artifact_uri, experiment_id) "
                       "VALUES (?, ?, 'UNKNOWN', '', '', 'bench', 'FINISHED', ?, ?, '', 'active', "
                       "?, 1)", runs)
        db.executemany("INSERT INTO latest_metrics VALUES (?, ?, ?, 0, 0, ?)", lm)
        db.executemany("INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan) "
                       "VALUES (?, ?, ?, ?, 0, 0)", hist)
        db.executemany("INSERT INTO params VALUES (?, ?, ?)", params)
        db.executemany("INSERT INTO tags VALUES (?, ?, ?)", tags)
        for l in (runs, lm, hist, params, tags):
            l.clear()

    for i in range(n_runs):
        rid = "%032x" % rnd.getrandbits(128)
        start = T0 + i * 1000
        runs.append((rid, "run_%d" % i, start, start + 500, "/tmp/bench/1/%s/artifacts" % rid))
        for j in range(n_metrics):
            v = rnd.random()
            lm.append(("metric_%02d" % j, v, start, rid))
            hist.append(("metric_%02d" % j, v, start, rid))
        for j in range(n_params):
            params.append(("param_%02d" % j, "value_%d" % rnd.randrange(1000), rid))
        tags.append(("mlflow.runName", "run_%d" % i, rid))
        tags.append(("mlflow.user", "bench", rid))
        for j in range(n_tags - 2):
            tags.append(("tag_%d" % j, "t%d" % rnd.randrange(10), rid))
        if len(runs) >= 5000:
            flush()
    flush()
    db.commit()
    db.close()
    open(path + ".done", "w").close()


def build_sqlite_synthetic(path, n_runs=10000):
    """The test server's synthetic experiment, written as MLflow's SQL store would."""
    if os.path.exists(path + ".done"):
        return
    sys.path.insert(0, os.path.join(TOP, "tests/server"))
    import store as server_store  # the test server's own generator
    st = server_store.Store(None)
    exp = server_store.add_synthetic(st, n_runs)
    db = new_db(path)
    for e in st.experiments.values():
        db.execute("INSERT INTO experiments VALUES (?, ?, ?, 'active', ?, ?)",
                   (int(e.experiment_id), e.name, "mlflow-artifacts:/%s" % e.experiment_id,
                    T0, T0))
    runs, lm, hist, params, tags = [], [], [], [], []
    for r in st.runs_by_experiment[exp.experiment_id]:
        runs.append((r.run_id, r.run_name, r.user_id, r.status, r.start_time, r.end_time,
                     r.lifecycle_stage, r.artifact_uri, int(r.experiment_id)))
        for k, (v, ts, step) in r.metrics.items():
            nan = v != v
            lm.append((k, 0.0 if nan else v, ts, step, 1 if nan else 0, r.run_id))
            hist.append((k, 0.0 if nan else v, ts, r.run_id, step, 1 if nan else 0))
        params.extend((k, v, r.run_id) for k, v in r.params.items())
        tags.extend((k, v, r.run_id) for k, v in r.tags.items())
    db.executemany("INSERT INTO runs (run_uuid, name, source_type, source_name, "
                   "entry_point_name, user_id, status, start_time, end_time, source_version, "
                   "lifecycle_stage, artifact_uri, experiment_id) "
                   "VALUES (?, ?, 'LOCAL', 'train.py', '', ?, ?, ?, ?, '', ?, ?, ?)", runs)
    db.executemany("INSERT INTO latest_metrics VALUES (?, ?, ?, ?, ?, ?)", lm)
    db.executemany("INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan) "
                   "VALUES (?, ?, ?, ?, ?, ?)", hist)
    db.executemany("INSERT INTO params VALUES (?, ?, ?)", params)
    db.executemany("INSERT INTO tags VALUES (?, ?, ?)", tags)
    db.commit()
    db.close()
    open(path + ".done", "w").close()


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


def build_filestore(root, n_runs=10000, n_metrics=30, n_params=30, n_tags=10):
    if os.path.exists(root + ".done"):
        return
    rnd = random.Random(2)
    for eid, name in (("0", "Default"), ("1", "bench")):
        os.makedirs(os.path.join(root, eid), exist_ok=True)
        write(os.path.join(root, eid, "meta.yaml"),
              "artifact_location: %s/%s\ncreation_time: %d\nexperiment_id: '%s'\n"
              "last_update_time: %d\nlifecycle_stage: active\nname: %s\n"
              % (root, eid, T0, eid, T0, name))
    for i in range(n_runs):
        rid = "%032x" % rnd.getrandbits(128)
        d = os.path.join(root, "1", rid)
        for sub in ("metrics", "params", "tags", "artifacts"):
            os.makedirs(os.path.join(d, sub), exist_ok=True)
        start = T0 + i * 1000
        write(os.path.join(d, "meta.yaml"),
              "artifact_uri: %s/artifacts\nend_time: %d\nentry_point_name: ''\n"
              "experiment_id: '1'\nlifecycle_stage: active\nrun_id: %s\nrun_name: run_%d\n"
              "source_name: ''\nsource_type: 4\nsource_version: ''\nstart_time: %d\n"
              "status: 3\ntags: []\nuser_id: bench\n" % (d, start + 500, rid, i, start))
        for j in range(n_metrics):
            write(os.path.join(d, "metrics", "metric_%02d" % j),
                  "%d %r 0\n" % (start, rnd.random()))
        for j in range(n_params):
            write(os.path.join(d, "params", "param_%02d" % j), "value_%d" % rnd.randrange(1000))
        write(os.path.join(d, "tags", "mlflow.runName"), "run_%d" % i)
        write(os.path.join(d, "tags", "mlflow.user"), "bench")
        for j in range(n_tags - 2):
            write(os.path.join(d, "tags", "tag_%d" % j), "t%d" % rnd.randrange(10))
    open(root + ".done", "w").close()


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_stores.py OUTDIR")
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    build_sqlite(os.path.join(out, "bench.db"))
    build_filestore(os.path.join(out, "mlruns"))
    build_sqlite_synthetic(os.path.join(out, "synthetic.db"))


if __name__ == "__main__":
    main()
