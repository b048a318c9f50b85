"""MLflow search semantics: the filter grammar (a small tokenizer that groups tokens the
way sqlparse does for MLflow's SearchUtils), order_by parsing, sorting and offset paging,
for runs, experiments, registered models and model versions.

Error texts follow MLflow 3.5 (mlflow/utils/search_utils.py and the SQL stores) and the
recorded exchanges. Semantics follow the SQL store, which the recording used:
  * LIKE is case-sensitive (SQLite runs with case_sensitive_like), ILIKE is not;
    `%` matches any run of characters and `_` one character.
  * metrics compare numerically; a NaN metric is stored as 0 with an is_nan flag, so in a
    filter it compares like 0.0 (SQL store quirk); params and tags compare as strings.
  * a run without the key never matches (not even `!=`).
  * ordering: NaN after every number, then missing values, in both directions; then
    `start_time DESC` (unless start_time was ordered on) and `run_id ASC`.
"""

import base64
import binascii
import json
import re
import shlex

from errors import ApiError, invalid, INTERNAL_ERROR

# ---------------------------------------------------------------------------------------
# Tokenizer
# ---------------------------------------------------------------------------------------

WS, STR, SYM, NAME, NUM, OP, KW, PAREN, PUNCT, CMP = (
    "WS", "STR", "SYM", "NAME", "NUM", "OP", "KW", "PAREN", "PUNCT", "CMP")

_KEYWORDS = {"AND", "OR", "NOT", "IN", "IS", "NULL", "BETWEEN", "SELECT", "FROM", "WHERE",
             "ORDER", "BY", "ASC", "DESC", "LIMIT"}

_TOKEN_RE = re.compile(r"""
    (?P<ws>\s+)
  | (?P<str>'(?:''|\\\\|\\'|[^'])*')
  | (?P<sym>"(?:""|\\\\|\\"|[^"])*")
  | (?P<bt>`(?:``|[^`])*`)
  | (?P<likeop>(?:NOT\s+)?(?:LIKE|ILIKE|RLIKE)\b)
  | (?P<num>-?(?:\d+(?:\.\d*)?|\.\d+)(?:E-?\d+)?(?![_A-Z]))
  | (?P<op>[<>=~!]+)
  | (?P<word>[_A-Z\u00C0-\u00DC][_$#\w]*)
  | (?P<lp>\()
  | (?P<rp>\))
  | (?P<other>.)
""", re.IGNORECASE | re.VERBOSE | re.DOTALL)


class Tok:
    __slots__ = ("kind", "value", "items")

    def __init__(self, kind, value, items=None):
        self.kind = kind
        self.value = value
        self.items = items

    def __repr__(self):
        return "Tok(%s,%r)" % (self.kind, self.value)

    @property
    def is_identifier(self):
        # sqlparse groups names and double-quoted symbols into Identifier
        return self.kind in (NAME, SYM)


def _lex(text):
    toks = []
    pos = 0
    n = len(text)
    while pos < n:
        m = _TOKEN_RE.match(text, pos)
        kind = m.lastgroup
        val = m.group(kind)
        pos = m.end()
        if kind == "ws":
            toks.append(Tok(WS, val))
        elif kind == "str":
            toks.append(Tok(STR, val))
        elif kind == "sym":
            toks.append(Tok(SYM, val))
        elif kind == "bt":
            toks.append(Tok(NAME, val))
        elif kind == "likeop":
            toks.append(Tok(OP, val))
        elif kind == "num":
            toks.append(Tok(NUM, val))
        elif kind == "op":
            toks.append(Tok(OP, val))
        elif kind == "word":
            toks.append(Tok(KW if val.upper() in _KEYWORDS else NAME, val))
        elif kind == "lp":
            toks.append(Tok(PUNCT, "("))
        elif kind == "rp":
            toks.append(Tok(PUNCT, ")"))
        else:
            toks.append(Tok(PUNCT, val))
    return toks


def _group_parens(toks):
    """Group ( ... ) into PAREN tokens (value = source text, items = inner tokens)."""
    out = []
    stack = []
    for t in toks:
        if t.kind == PUNCT and t.value == "(":
            stack.append(out)
            out = [t]
        elif t.kind == PUNCT and t.value == ")" and stack:
            out.append(t)
            inner = out
            out = stack.pop()
            out.append(Tok(PAREN, "".join(x.value for x in inner), inner[1:-1]))
        else:
            out.append(t)
    while stack:   # unbalanced: flatten back
        inner = out
        out = stack.pop()
        out.extend(inner)
    return out


def _group_identifiers(toks):
    """name(.name|.`quoted`|."quoted")* -> one NAME token with the raw text."""
    out = []
    i = 0
    n = len(toks)
    while i < n:
        t = toks[i]
        if t.kind in (NAME, SYM):
            val = t.value
            kind = t.kind
            j = i + 1
            while (j + 1 < n and toks[j].kind == PUNCT and toks[j].value == "."
                   and toks[j + 1].kind in (NAME, SYM, KW, NUM)):
                val += "." + toks[j + 1].value
                kind = NAME
                j += 2
            out.append(Tok(kind, val))
            i = j
        else:
            out.append(t)
            i += 1
    return out


def _operand(t):
    return t is not None and t.kind in (NAME, SYM, STR, NUM, PAREN)


def _group_comparisons(toks):
    """[operand, OP, operand] (whitespace allowed between) -> CMP tokens."""
    out = []
    i = 0
    n = len(toks)

    def next_nonws(k):
        while k < n and toks[k].kind == WS:
            k += 1
        return k

    while i < n:
        t = toks[i]
        if _operand(t):
            j = next_nonws(i + 1)
            if j < n and toks[j].kind == OP:
                k = next_nonws(j + 1)
                if k < n and _operand(toks[k]):
                    parts = [t, toks[j], toks[k]]
                    out.append(Tok(CMP, "".join(x.value for x in toks[i:k + 1]), parts))
                    i = k + 1
                    continue
        out.append(t)
        i += 1
    return out


def _join_in(toks):
    """MLflow's _join_in_comparison_tokens: Identifier IN (...) / Identifier NOT IN (...)."""
    nonws = [t for t in toks if t.kind != WS]
    out = []
    i = 0
    n = len(nonws)
    while i < n:
        t = nonws[i]
        if t.is_identifier and i + 2 < n and nonws[i + 1].kind == KW \
                and nonws[i + 1].value.upper() == "IN" and nonws[i + 2].kind == PAREN:
            out.append(Tok(CMP, "%s %s %s" % (t.value, nonws[i + 1].value, nonws[i + 2].value),
                           [t, Tok(OP, "IN"), nonws[i + 2]]))
            i += 3
            continue
        if t.is_identifier and i + 3 < n and nonws[i + 1].kind == KW \
                and nonws[i + 1].value.upper() == "NOT" and nonws[i + 2].kind == KW \
                and nonws[i + 2].value.upper() == "IN" and nonws[i + 3].kind == PAREN:
            out.append(Tok(CMP, "%s NOT IN %s" % (t.value, nonws[i + 3].value),
                           [t, Tok(OP, "NOT IN"), nonws[i + 3]]))
            i += 4
            continue
        out.append(t)
        i += 1
    return out


def tokenize_filter(text):
    """Top-level tokens of a filter string: CMP tokens, AND keywords, and anything else."""
    toks = _group_comparisons(_group_identifiers(_group_parens(_lex(text))))
    return _join_in(toks)


# ---------------------------------------------------------------------------------------
# Filter parsing (SearchUtils.parse_search_filter and friends)
# ---------------------------------------------------------------------------------------

METRIC, PARAM, TAG, ATTRIBUTE, DATASET = "metric", "parameter", "tag", "attribute", "dataset"
_IDENTIFIERS = [METRIC, PARAM, TAG, ATTRIBUTE, DATASET]
_ENTITY_ALIASES = {
    "metric": METRIC, "metrics": METRIC,
    "parameter": PARAM, "parameters": PARAM, "param": PARAM, "params": PARAM,
    "tag": TAG, "tags": TAG,
    "attribute": ATTRIBUTE, "attr": ATTRIBUTE, "attributes": ATTRIBUTE, "run": ATTRIBUTE,
    "dataset": DATASET, "datasets": DATASET,
}

RUN_NUMERIC_ATTRIBUTES = {"start_time", "end_time", "created", "Created"}
RUN_SEARCH_ATTRIBUTES = {"run_id", "run_name", "status", "user_id", "start_time", "end_time",
                         "artifact_uri", "created", "Created", "run name", "Run name",
                         "Run Name"}
RUN_ORDER_ATTRIBUTES = {"run_id", "run_name", "status", "user_id", "start_time", "end_time",
                        "artifact_uri", "experiment_id", "lifecycle_stage", "created",
                        "Created"}
DATASET_ATTRIBUTES = {"name", "digest", "context"}

# Python set reprs as the recording's server printed them (031, 032, 011). The order of a
# set's repr depends on the process' hash seed; these are the recorded ones.
REPR_METRIC_COMPARATORS = "{'>=', '!=', '<=', '<', '>', '='}"
REPR_STRING_COMPARATORS = "{'!=', 'IN', 'NOT IN', '=', 'LIKE', 'ILIKE'}"
REPR_PARAM_COMPARATORS = "{'!=', '=', 'LIKE', 'ILIKE'}"
REPR_RUN_SEARCH_ATTRIBUTES = ("{'start_time', 'run name', 'status', 'Created', 'end_time', "
                              "'user_id', 'run_name', 'Run name', 'run_id', 'artifact_uri', "
                              "'created', 'Run Name'}")
REPR_RUN_ORDER_ATTRIBUTES = ("{'start_time', 'status', 'Created', 'end_time', 'user_id', "
                             "'run_name', 'experiment_id', 'run_id', 'artifact_uri', "
                             "'created'}")
METRIC_COMPARATORS = {">", ">=", "!=", "=", "<", "<="}
PARAM_COMPARATORS = {"!=", "=", "LIKE", "ILIKE"}
STRING_COMPARATORS = {"!=", "=", "LIKE", "ILIKE", "IN", "NOT IN"}


def _set_repr(s):
    return "{" + ", ".join(repr(x) for x in sorted(s)) + "}"


def _is_quoted(v, q):
    return len(v) >= 2 and v.startswith(q) and v.endswith(q)


def _trim_backticks(v):
    return v[1:-1] if _is_quoted(v, "`") else v


def _strip_quotes(v, expect_quoted=False):
    if _is_quoted(v, "'") or _is_quoted(v, '"'):
        return v[1:-1]
    if expect_quoted:
        raise invalid("Parameter value is either not quoted or unidentified quote types used "
                      "for string value %s. Use either single or double quotes." % v)
    return v


def _entity_type(entity):
    entity = _trim_backticks(entity)
    t = _ENTITY_ALIASES.get(entity)
    if t is None:
        raise invalid("Invalid entity type '%s'. Valid values are %s" % (entity, _IDENTIFIERS))
    return t


def _run_identifier(text, valid_attrs, attrs_repr):
    parts = text.split(".", 1)
    if len(parts) == 1:
        entity, key = ATTRIBUTE, parts[0]
    else:
        entity, key = _entity_type(parts[0]), parts[1]
    key = _trim_backticks(_strip_quotes(key))
    if entity == ATTRIBUTE and key not in valid_attrs:
        raise invalid("Invalid attribute key '%s' specified. Valid keys are '%s'"
                      % (key, attrs_repr))
    if entity == DATASET and key not in DATASET_ATTRIBUTES:
        raise invalid("Invalid dataset key '%s' specified. Valid keys are '%s'"
                      % (key, _set_repr(DATASET_ATTRIBUTES)))
    return entity, key


def _parse_string_list(tok):
    """('a', 'b') -> ['a', 'b'] (MLflow: only lists of quoted strings)."""
    items = [t for t in tok.items if t.kind != WS]
    if not items:
        raise invalid("While parsing a list in the query, expected a non-empty list of string "
                      "values, but got empty list")
    values = []
    expect_value = True
    for t in items:
        if expect_value:
            if t.kind != STR:
                if len(items) == 1:
                    raise invalid("While parsing a list in the query, expected a non-empty "
                                  "list of string values, but got ill-formed list.")
                raise invalid("While parsing a list in the query, expected string value, "
                              "punctuation, or whitespace, but got different type in list: %s"
                              % tok.value)
            values.append(t.value[1:-1].replace("''", "'"))
        elif not (t.kind == PUNCT and t.value == ","):
            raise invalid("While parsing a list in the query, expected string value, "
                          "punctuation, or whitespace, but got different type in list: %s"
                          % tok.value)
        expect_value = not expect_value
    return values


def _value(entity, key, tok, numeric_attrs):
    if entity == METRIC:
        if tok.kind != NUM:
            raise invalid("Expected numeric value type for metric. Found %s" % tok.value)
        return tok.value
    if entity in (PARAM, TAG):
        if tok.kind == STR or tok.is_identifier:
            return _strip_quotes(tok.value, expect_quoted=True)
        raise invalid("Expected a quoted string value for %s (e.g. 'my-value'). Got value %s"
                      % (entity, tok.value))
    if entity == ATTRIBUTE:
        if key in numeric_attrs:
            if tok.kind != NUM:
                raise invalid("Expected numeric value type for numeric attribute: %s. Found %s"
                              % (key, tok.value))
            return tok.value
        if tok.kind == STR or tok.is_identifier:
            return _strip_quotes(tok.value, expect_quoted=True)
        if tok.kind == PAREN:
            if key != "run_id":
                raise invalid("Only the 'run_id' attribute supports comparison with a list of "
                              "quoted string values.")
            return [v for v in _parse_string_list(tok) if v.islower()]
        raise invalid("Expected a quoted string value for attributes. Got value %s" % tok.value)
    if entity == DATASET:
        if tok.kind == STR or tok.is_identifier:
            return _strip_quotes(tok.value, expect_quoted=True)
        if tok.kind == PAREN:
            return _parse_string_list(tok)
        raise invalid("Expected a quoted string value for dataset attributes. Got value %s"
                      % tok.value)
    raise invalid("Invalid identifier type. Expected one of ['metric', 'parameter'].")


def _validate_comparison(parts):
    if len(parts) != 3:
        raise invalid("Invalid comparison clause. Expected 3 tokens found %d" % len(parts))
    if not parts[0].is_identifier:
        raise invalid("Invalid comparison clause. Expected 'Identifier' found '%s'"
                      % parts[0].value)


def _statement_tokens(filter_string, quote_invalid):
    if ";" in filter_string.strip().rstrip(";"):
        raise invalid("Search filter contained multiple expression %r. Provide AND-ed "
                      "expression list." % filter_string)
    toks = tokenize_filter(filter_string.strip().rstrip(";"))
    bad = [t for t in toks
           if not (t.kind == CMP or (t.kind == KW and t.value.upper() == "AND"))]
    if bad:
        if quote_invalid:
            clauses = ", ".join("'%s'" % t.value for t in bad)
        else:
            clauses = ", ".join(t.value for t in bad)
        raise invalid("Invalid clause(s) in filter string: %s" % clauses)
    return [t for t in toks if t.kind == CMP]


def parse_run_filter(filter_string):
    """-> list of dicts {type, key, comparator (upper-cased), value}."""
    if not filter_string:
        return []
    out = []
    for cmp in _statement_tokens(filter_string, True):
        parts = cmp.items
        _validate_comparison(parts)
        entity, key = _run_identifier(parts[0].value, RUN_SEARCH_ATTRIBUTES,
                                      REPR_RUN_SEARCH_ATTRIBUTES)
        value = _value(entity, key, parts[2], RUN_NUMERIC_ATTRIBUTES)
        out.append({"type": entity, "key": key, "comparator": parts[1].value, "value": value})
    return out


def translate_key_alias(key):
    if key in ("created", "Created"):
        return "start_time"
    if key in ("run name", "Run name", "Run Name"):
        return "run_name"
    return key


def check_run_comparator(clause):
    """SearchUtils.is_metric / is_param / is_tag / is_string_attribute / ...: the comparator
    check the SQL store does while building the query. Messages copied, quirks included."""
    t = clause["type"]
    c = clause["comparator"].upper()
    key = translate_key_alias(clause["key"])
    if t == ATTRIBUTE and key not in ("start_time", "end_time"):
        if c not in STRING_COMPARATORS:
            raise invalid("Invalid comparator '%s' not one of '%s'"
                           % (c, REPR_STRING_COMPARATORS))
    elif t == ATTRIBUTE:
        if c not in METRIC_COMPARATORS:
            raise invalid("Invalid comparator '%s' not one of '%s"
                           % (c, REPR_STRING_COMPARATORS))
    elif t == METRIC:
        if c not in METRIC_COMPARATORS:
            raise invalid("Invalid comparator '%s' not one of '%s" % (c, REPR_METRIC_COMPARATORS))
    elif t == PARAM:
        if c not in PARAM_COMPARATORS:
            raise invalid("Invalid comparator '%s' not one of '%s'"
                          % (c, REPR_PARAM_COMPARATORS))
    elif t == TAG:
        if c not in PARAM_COMPARATORS:
            raise invalid("Invalid comparator '%s' not one of '%s"
                           % (c, REPR_PARAM_COMPARATORS))
    elif t == DATASET:
        if c not in STRING_COMPARATORS:
            raise invalid("Invalid comparator '%s' not one of '%s"
                           % (c, REPR_STRING_COMPARATORS))
    return c


# ---------------------------------------------------------------------------------------
# Matching
# ---------------------------------------------------------------------------------------

_like_cache = {}


def like_regex(pattern, case_insensitive):
    k = (pattern, case_insensitive)
    rx = _like_cache.get(k)
    if rx is None:
        out = []
        for ch in pattern:
            if ch == "%":
                out.append(".*")
            elif ch == "_":
                out.append(".")
            else:
                out.append(re.escape(ch))
        rx = re.compile("".join(out) + r"\Z", re.DOTALL | (re.IGNORECASE if case_insensitive
                                                           else 0))
        if len(_like_cache) > 1000:
            _like_cache.clear()
        _like_cache[k] = rx
    return rx


def string_predicate(comparator, value):
    """A predicate on a (present) string value."""
    if comparator == "=":
        return lambda s: s == value
    if comparator == "!=":
        return lambda s: s != value
    if comparator == "LIKE":
        rx = like_regex(value, False)
        return lambda s: rx.match(s) is not None
    if comparator == "ILIKE":
        rx = like_regex(value, True)
        return lambda s: rx.match(s) is not None
    if comparator == "IN":
        vs = set(value)
        return lambda s: s in vs
    if comparator == "NOT IN":
        vs = set(value)
        return lambda s: s not in vs
    raise invalid("Invalid comparator '%s'" % comparator)


_NUM_OPS = {
    "=": lambda a, b: a == b, "!=": lambda a, b: a != b,
    ">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
    "<": lambda a, b: a < b, "<=": lambda a, b: a <= b,
}


def numeric_predicate(comparator, value):
    op = _NUM_OPS[comparator]
    return lambda x: op(x, value)


def run_predicate(clause):
    """Compile one parsed clause into a function Run -> bool."""
    c = check_run_comparator(clause)
    t = clause["type"]
    key = translate_key_alias(clause["key"])
    value = clause["value"]
    if t == METRIC:
        pred = numeric_predicate(c, float(value))

        def f(run):
            p = run.metrics.get(key)
            if p is None:
                return False
            v = p[0]
            return pred(0.0 if v != v else v)
        return f
    if t in (PARAM, TAG):
        pred = string_predicate(c, value)

        def g(run, _attr="params" if t == PARAM else "tags"):
            v = getattr(run, _attr).get(key)
            return v is not None and pred(v)
        return g
    if t == ATTRIBUTE:
        if key in ("start_time", "end_time"):
            pred = numeric_predicate(c, float(value))

            def h(run):
                v = getattr(run, key)
                return v is not None and pred(v)
            return h
        pred = string_predicate(c, value)

        def a(run):
            v = getattr(run, key)
            return v is not None and pred(v)
        return a
    if t == DATASET:
        return lambda run: False   # runs carry no dataset inputs here
    raise invalid("Invalid search expression type '%s'" % t)


# ---------------------------------------------------------------------------------------
# order_by
# ---------------------------------------------------------------------------------------

def parse_order_by_string(order_by):
    """SearchUtils._parse_order_by_string: -> (token, ascending)."""
    text = order_by.strip() if isinstance(order_by, str) else ""
    if not text:
        raise invalid("Invalid order_by clause '%s'. Could not be parsed." % order_by)
    try:
        tokens = shlex.split(text.replace("`", '"'))
    except ValueError:
        raise invalid("Invalid order_by clause '%s'. Could not be parsed." % order_by)
    if len(tokens) == 0 or len(tokens) > 2:
        raise invalid("Invalid order_by clause '%s'. Could not be parsed." % order_by)
    ascending = True
    if len(tokens) == 2:
        o = tokens[1].lower()
        if o not in ("asc", "desc"):
            raise invalid("Invalid ordering key in order_by clause '%s'." % order_by)
        ascending = o == "asc"
    return tokens[0], ascending


def parse_run_order_by(order_by):
    token, ascending = parse_order_by_string(order_by)
    entity, key = _run_identifier(token.strip(), RUN_ORDER_ATTRIBUTES, REPR_RUN_ORDER_ATTRIBUTES)
    if entity == DATASET:
        raise invalid("Invalid order_by entity type '%s'" % entity)
    return entity, translate_key_alias(key), ascending


def _sort_stable(items, keyfunc, ascending):
    """Stable sort on (group, value): group ascending always (present < NaN < missing),
    value in the requested direction."""
    if ascending:
        items.sort(key=keyfunc)
    else:
        items.sort(key=lambda r: _neg_group(keyfunc(r)), reverse=True)


def _neg_group(k):
    return (-k[0], k[1])


def run_sort_key(entity, key):
    if entity == METRIC:
        def k(run):
            p = run.metrics.get(key)
            if p is None:
                return (2, 0.0)
            v = p[0]
            if v != v:
                return (1, 0.0)
            return (0, v)
        return k
    if entity in (PARAM, TAG):
        attr = "params" if entity == PARAM else "tags"

        def s(run):
            v = getattr(run, attr).get(key)
            return (1, "") if v is None else (0, v)
        return s
    if key == "experiment_id":
        def e(run):
            try:
                return (0, int(run.experiment_id))
            except ValueError:
                return (0, 0)
        return e

    def a(run):
        v = getattr(run, key)
        if v is None:
            return (1, 0 if key in ("start_time", "end_time") else "")
        return (0, v)
    return a


def sort_runs(runs, order_by_list):
    parsed = []
    seen = set()
    for ob in order_by_list or []:
        entity, key, asc = parse_run_order_by(ob)
        if (entity, key) in seen:
            raise ApiError(INTERNAL_ERROR,
                           "`order_by` contains duplicate fields: %s" % list(order_by_list))
        seen.add((entity, key))
        parsed.append((entity, key, asc))
    runs.sort(key=lambda r: r.run_id)
    if (ATTRIBUTE, "start_time") not in seen:
        runs.sort(key=lambda r: r.start_time or 0, reverse=True)
    for entity, key, asc in reversed(parsed):
        _sort_stable(runs, run_sort_key(entity, key), asc)
    return runs


# ---------------------------------------------------------------------------------------
# Paging
# ---------------------------------------------------------------------------------------

def parse_page_token(page_token):
    """SearchUtils.parse_start_offset_from_page_token, messages included."""
    if not page_token:
        return 0
    try:
        decoded = base64.b64decode(page_token)
    except (binascii.Error, TypeError, ValueError):
        raise invalid("Invalid page token, could not base64-decode")
    try:
        parsed = json.loads(decoded)
    except ValueError:
        raise invalid("Invalid page token, decoded value=%s" % decoded)
    offset = parsed.get("offset") if isinstance(parsed, dict) else None
    if not offset:
        raise invalid("Invalid page token, parsed value=%s" % parsed)
    try:
        return int(offset)
    except (TypeError, ValueError):
        raise invalid("Invalid page token, not stringable %s" % offset)


def make_page_token(offset):
    return base64.b64encode(json.dumps({"offset": offset}).encode("utf-8")).decode("ascii")


def page_when_full(items, offset, max_results):
    """runs/search: a token whenever the page is exactly full (the last page may be empty)."""
    page = items[offset:offset + max_results]
    token = make_page_token(offset + max_results) if len(page) == max_results else None
    return page, token


def page_lookahead(items, offset, max_results):
    """experiments, registered models, model versions, metric history: the SQL stores ask
    for max_results + 1 rows and give a token only when there is another row."""
    page = items[offset:offset + max_results + 1]
    token = None
    if len(page) > max_results:
        token = make_page_token(offset + max_results)
        page = page[:max_results]
    return page, token


def page_json(key, page, token, to_json):
    """A search reply: {key: [to_json(item)...]} when the page has items, then the token."""
    out = {}
    if page:
        out[key] = [to_json(x) for x in page]
    if token:
        out["next_page_token"] = token
    return out


# ---------------------------------------------------------------------------------------
# Runs
# ---------------------------------------------------------------------------------------

VIEW_TYPES = {"ACTIVE_ONLY": 1, "DELETED_ONLY": 2, "ALL": 3, 1: 1, 2: 2, 3: 3,
              "1": 1, "2": 2, "3": 3}


def view_type_matches(view, stage):
    if view == 3:
        return True
    if view == 2:
        return stage == "deleted"
    return stage == "active"


def search_runs(store, experiment_ids, filter_string, order_by, view_type, cache=None):
    """Filter and sort; returns the full ordered list (the caller pages it)."""
    parsed = parse_run_filter(filter_string)
    # order_by errors come before comparator errors (as in the SQL store)
    for ob in order_by or []:
        parse_run_order_by(ob)
    preds = [run_predicate(c) for c in parsed]
    key = None
    if cache is not None:
        key = (store.generation, tuple(experiment_ids), filter_string or "",
               tuple(order_by or ()), view_type)
        hit = cache.get(key)
        if hit is not None:
            return hit
    runs = []
    for eid in dict.fromkeys(experiment_ids):
        for run in store.runs_by_experiment.get(eid, ()):
            if not view_type_matches(view_type, run.lifecycle_stage):
                continue
            if all(p(run) for p in preds):
                runs.append(run)
    sort_runs(runs, order_by)
    if cache is not None:
        cache.clear()
        cache[key] = runs
    return runs


# ---------------------------------------------------------------------------------------
# Experiments
# ---------------------------------------------------------------------------------------

EXP_SEARCH_ATTRIBUTES = {"name", "creation_time", "last_update_time"}
EXP_NUMERIC_ATTRIBUTES = {"creation_time", "last_update_time"}
EXP_ORDER_ATTRIBUTES = {"name", "experiment_id", "creation_time", "last_update_time"}


def _entity_identifier(text, valid, check_stripped):
    """(ATTRIBUTE or TAG, key) of an experiments or registry search identifier. The
    experiments store checks an attribute key against `valid` once quotes and backticks
    are stripped (check_stripped), the registry stores before."""
    parts = text.split(".", 1)
    if len(parts) == 1:
        entity, key = ATTRIBUTE, parts[0]
    else:
        etype, key = parts
        valid_types = ("attribute", "tag", "tags")
        if etype not in valid_types:
            raise invalid("Invalid entity type '%s'. Valid entity types are %s"
                          % (etype, valid_types))
        entity = TAG if etype in ("tag", "tags") else ATTRIBUTE
    stripped = _trim_backticks(_strip_quotes(key))
    checked = stripped if check_stripped else key
    if entity == ATTRIBUTE and checked not in valid:
        raise invalid("Invalid attribute key '%s' specified. Valid keys are '%s'"
                      % (checked, _set_repr(valid)))
    return entity, stripped


def _tag_predicate(comparator, key, value):
    """tags.KEY compared with value (experiments, registered models, versions)."""
    if comparator not in ("=", "!=", "LIKE", "ILIKE"):
        raise invalid("Invalid comparator for tag: %s" % comparator)
    pred = string_predicate(comparator, value)
    return lambda x, p=pred, k=key: k in x.tags and p(x.tags[k])


def experiment_predicates(filter_string):
    if not filter_string:
        return []
    preds = []
    clauses = []
    for cmp in _statement_tokens(filter_string, False):
        parts = cmp.items
        _validate_comparison(parts)
        entity, key = _entity_identifier(parts[0].value, EXP_SEARCH_ATTRIBUTES, True)
        value = _value(entity, key, parts[2], EXP_NUMERIC_ATTRIBUTES)
        clauses.append((entity, key, parts[1].value, value))
    for entity, key, comparator, value in clauses:
        # the experiments store does not upper-case the comparator
        if entity == ATTRIBUTE and key not in EXP_NUMERIC_ATTRIBUTES:
            if comparator not in STRING_COMPARATORS:
                raise invalid("Invalid comparator '%s' not one of '%s'"
                               % (comparator, REPR_STRING_COMPARATORS))
            if comparator not in ("=", "!=", "LIKE", "ILIKE"):
                raise invalid("Invalid comparator for string attribute: %s" % comparator)
            pred = string_predicate(comparator, value)
            preds.append(lambda e, p=pred, k=key: p(getattr(e, k)))
        elif entity == ATTRIBUTE:
            if comparator not in METRIC_COMPARATORS:
                raise invalid("Invalid comparator '%s' not one of '%s"
                               % (comparator, REPR_STRING_COMPARATORS))
            pred = numeric_predicate(comparator, float(value))
            preds.append(lambda e, p=pred, k=key: p(getattr(e, k)))
        else:
            preds.append(_tag_predicate(comparator, key, value))
    return preds


def sort_experiments(exps, order_by_list):
    parsed = []
    for ob in order_by_list or ["creation_time DESC", "experiment_id ASC"]:
        token, asc = parse_order_by_string(ob)
        entity, key = _entity_identifier(token.strip(), EXP_ORDER_ATTRIBUTES, True)
        if entity != ATTRIBUTE:
            raise invalid("Invalid order_by entity: %s" % entity)
        parsed.append((key, asc))
    if not any(k == "experiment_id" for k, _ in parsed):
        parsed.append(("experiment_id", False))

    def val(e, k):
        if k == "experiment_id":
            try:
                return int(e.experiment_id)
            except ValueError:
                return 0
        return getattr(e, k)
    for key, asc in reversed(parsed):
        exps.sort(key=lambda e: val(e, key), reverse=not asc)
    return exps


# ---------------------------------------------------------------------------------------
# Registered models and model versions
# ---------------------------------------------------------------------------------------

def _model_clauses(filter_string, valid, numeric):
    if not filter_string:
        return []
    out = []
    for cmp in _statement_tokens(filter_string, False):
        parts = cmp.items
        _validate_comparison(parts)
        entity, key = _entity_identifier(parts[0].value, valid, False)
        value = _value(entity, key, parts[2], numeric)
        out.append((entity, key, parts[1].value.upper(), value))
    return out


def model_predicates(filter_string):
    preds = []
    for entity, key, c, value in _model_clauses(filter_string, {"name"}, set()):
        if entity != ATTRIBUTE:
            preds.append(_tag_predicate(c, key, value))
            continue
        if c not in ("=", "!=", "LIKE", "ILIKE"):
            raise invalid("Invalid comparator for attribute: %s" % c)
        pred = string_predicate(c, value)
        preds.append(lambda m, p=pred: p(m.name))
    return preds


def sort_models(models, order_by_list):
    parsed = []
    seen = set()
    for ob in order_by_list or []:
        token, asc = parse_order_by_string(ob)
        token = token.strip()
        if token == "name":
            field = "name"
        elif token in ("timestamp", "last_updated_timestamp"):
            field = "last_updated_time"
        else:
            raise invalid("Invalid order by key '%s' specified. Valid keys are "
                          "'{'name', 'timestamp'}'" % token)
        if field in seen:
            raise ApiError(INTERNAL_ERROR,
                           "`order_by` contains duplicate fields: %s" % list(order_by_list))
        seen.add(field)
        parsed.append((field, asc))
    if "name" not in seen:
        parsed.append(("name", True))
    for field, asc in reversed(parsed):
        models.sort(key=lambda m: getattr(m, field), reverse=not asc)
    return models


MV_SEARCH_ATTRIBUTES = {"name", "version_number", "run_id", "source_path"}
MV_NUMERIC_ATTRIBUTES = {"version_number", "creation_timestamp", "last_updated_timestamp"}
MV_ORDER_ATTRIBUTES = {"name", "version_number", "creation_timestamp",
                       "last_updated_timestamp"}


def model_version_predicates(filter_string):
    preds = []
    for entity, key, c, value in _model_clauses(filter_string, MV_SEARCH_ATTRIBUTES,
                                                MV_NUMERIC_ATTRIBUTES):
        if entity == ATTRIBUTE:
            if key in MV_NUMERIC_ATTRIBUTES:
                if c not in METRIC_COMPARATORS:
                    raise invalid("Invalid comparator for attribute %s: %s" % (key, c))
                pred = numeric_predicate(c, float(value))
                preds.append(lambda mv, p=pred: p(mv.version))
                continue
            if c not in STRING_COMPARATORS or (c == "IN" and key != "run_id"):
                raise invalid("Invalid comparator for attribute: %s" % c)
            attr = {"source_path": "source"}.get(key, key)
            pred = string_predicate(c, value)
            preds.append(lambda mv, p=pred, a=attr: getattr(mv, a) is not None
                         and p(getattr(mv, a)))
        else:
            preds.append(_tag_predicate(c, key, value))
    return preds


def sort_model_versions(mvs, order_by_list):
    parsed = []
    seen = set()
    fields = {"name": "name", "version_number": "version",
              "creation_timestamp": "creation_time",
              "last_updated_timestamp": "last_updated_time"}
    for ob in order_by_list or ["last_updated_timestamp DESC", "name ASC",
                                "version_number DESC"]:
        token, asc = parse_order_by_string(ob)
        entity, key = _entity_identifier(token.strip(), MV_ORDER_ATTRIBUTES, False)
        field = fields.get(key)
        if entity != ATTRIBUTE or field is None:
            raise invalid("Invalid order by key '%s' specified. Valid keys are %s"
                          % (key, _set_repr(MV_ORDER_ATTRIBUTES)))
        if field in seen:
            raise ApiError(INTERNAL_ERROR,
                           "`order_by` contains duplicate fields: %s" % list(order_by_list))
        seen.add(field)
        parsed.append((field, asc))
    if "name" not in seen:
        parsed.append(("name", True))
    if "version" not in seen:
        parsed.append(("version", False))
    for field, asc in reversed(parsed):
        mvs.sort(key=lambda mv: getattr(mv, field), reverse=not asc)
    return mvs

