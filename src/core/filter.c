/* filter.c — MLflow's filter grammar. The lexer mirrors the regular
 * expression in tests/server/search.py (itself a model of how sqlparse groups
 * the tokens MLflow's SearchUtils looks at), including its backtracking
 * corners, so that the test server and mltui accept and reject the same
 * strings; then the grouping passes (parentheses, dotted identifiers,
 * comparisons, IN lists) and the per-kind checks.
 *
 * Long because the grammar is one piece: the lexer, the grouping passes, the
 * checks with MLflow's own error messages and the evaluator the local stores
 * filter with share the token tree, and splitting them would export it. */
#include "core/filter.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FILTER_MAX_LEN 10000

enum { T_WS, T_STR, T_SYM, T_NAME, T_NUM, T_OP, T_KW, T_PAREN, T_PUNCT, T_CMP };

typedef struct Tok {
    int          kind;
    const char  *s;        /* span in the source (CMP of IN: the identifier's start) */
    size_t       len;
    struct Tok  *items;    /* PAREN: inner tokens; CMP: 3 parts */
    size_t       n_items;
    const char  *op;       /* CMP built by the IN pass: "IN" / "NOT IN" */
} Tok;

typedef struct TokVec {
    Tok   *v;
    size_t n, cap;
} TokVec;

static void tok_free(Tok *t);

static void vec_free(TokVec *tv)
{
    for (size_t i = 0; i < tv->n; i++)
        tok_free(&tv->v[i]);
    free(tv->v);
    tv->v = NULL;
    tv->n = tv->cap = 0;
}

static void tok_free(Tok *t)
{
    for (size_t i = 0; i < t->n_items; i++)
        tok_free(&t->items[i]);
    free(t->items);
    t->items = NULL;
    t->n_items = 0;
}

static int vec_push(TokVec *tv, Tok t)
{
    if (tv->n == tv->cap) {
        size_t nc = tv->cap ? tv->cap * 2 : 16;
        Tok *nv = realloc(tv->v, nc * sizeof *nv);
        if (!nv)
            return -1;
        tv->v = nv;
        tv->cap = nc;
    }
    tv->v[tv->n++] = t;
    return 0;
}

static void say(char *why, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void say(char *why, size_t size, const char *fmt, ...)
{
    va_list ap;

    if (!why || !size)
        return;
    va_start(ap, fmt);
    vsnprintf(why, size, fmt, ap);
    va_end(ap);
}

/* ---- lexer ---- */

static bool word_start(unsigned char c)
{
    return c == '_' || isalpha(c) || c >= 0x80;
}

static bool word_char(unsigned char c)
{
    return word_start(c) || isdigit(c) || c == '$' || c == '#';
}

static bool re_word(unsigned char c)   /* Python's \w */
{
    return c == '_' || isalnum(c) || c >= 0x80;
}

/* End of a quoted string opened at s[i-1] with quote q, or 0 when the regex
 * would fail. Alternatives in the regex's order: doubled quote, escaped
 * backslash or quote, any other character; the closing quote last. memo marks
 * positions known to fail, which keeps the backtracking linear. */
static size_t quoted_end(const char *s, size_t i, char q, bool backslash, unsigned char *memo)
{
    size_t r;

    if (!s[i] || memo[i])
        return 0;
    if (s[i] == q && s[i + 1] == q && (r = quoted_end(s, i + 2, q, backslash, memo)))
        return r;
    if (backslash && s[i] == '\\' && (s[i + 1] == '\\' || s[i + 1] == q) &&
        (r = quoted_end(s, i + 2, q, backslash, memo)))
        return r;
    if (s[i] != q && (r = quoted_end(s, i + 1, q, backslash, memo)))
        return r;
    if (s[i] == q)
        return i + 1;
    memo[i] = 1;
    return 0;
}

static size_t lex_quoted(const char *s, size_t pos, char q, bool backslash)
{
    size_t n = strlen(s + pos) + 2, r;
    unsigned char *memo = calloc(n, 1);

    if (!memo)
        return 0;
    r = quoted_end(s + pos, 1, q, backslash, memo);
    free(memo);
    return r;
}

static bool ieq(const char *s, const char *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (toupper((unsigned char)s[i]) != w[i])
            return false;
    return true;
}

/* (?:NOT\s+)?(?:LIKE|ILIKE|RLIKE)\b */
static size_t lex_likeop(const char *s)
{
    size_t i = 0;
    static const char *const ops[] = { "LIKE", "ILIKE", "RLIKE" };

    if (ieq(s, "NOT", 3) && isspace((unsigned char)s[3])) {
        size_t j = 3;
        while (isspace((unsigned char)s[j]))
            j++;
        for (int k = 0; k < 3; k++) {
            size_t n = strlen(ops[k]);
            if (ieq(s + j, ops[k], n) && !re_word((unsigned char)s[j + n]))
                return j + n;
        }
    }
    for (int k = 0; k < 3; k++) {
        size_t n = strlen(ops[k]);
        if (ieq(s + i, ops[k], n) && !re_word((unsigned char)s[n]))
            return n;
    }
    return 0;
}

static size_t digits(const char *s)
{
    size_t n = 0;
    while (isdigit((unsigned char)s[n]))
        n++;
    return n;
}

static bool num_ok_after(const char *s)
{
    return !(s[0] == '_' || isalpha((unsigned char)s[0]));
}

/* The longest-preferred match of (?:E-?\d+)? at s that lets the lookahead
 * pass, trying the exponent before its absence, as the regex does. */
static size_t lex_exp_then_look(const char *s)
{
    if (s[0] == 'e' || s[0] == 'E') {
        size_t j = 1;
        if (s[j] == '-')
            j++;
        size_t d = digits(s + j);
        for (size_t k = d; k >= 1; k--)
            if (num_ok_after(s + j + k))
                return j + k;
    }
    return num_ok_after(s) ? 0 : (size_t)-1;
}

/* -?(?:\d+(?:\.\d*)?|\.\d+)(?:E-?\d+)?(?![_A-Z]) with the regex's backtracking. */
static size_t lex_num(const char *s)
{
    size_t m = s[0] == '-' ? 1 : 0, e;
    size_t d = digits(s + m);

    for (size_t k = d; k >= 1; k--) {
        const char *p = s + m + k;
        if (k == d && p[0] == '.') {
            size_t f = digits(p + 1);
            for (size_t g = f + 1; g >= 1; g--) {   /* ".", then fewer digits */
                e = lex_exp_then_look(p + 1 + (g - 1));
                if (e != (size_t)-1)
                    return m + k + 1 + (g - 1) + e;
            }
        }
        e = lex_exp_then_look(p);
        if (e != (size_t)-1)
            return m + k + e;
    }
    if (s[m] == '.') {
        size_t f = digits(s + m + 1);
        for (size_t g = f; g >= 1; g--) {
            e = lex_exp_then_look(s + m + 1 + g);
            if (e != (size_t)-1)
                return m + 1 + g + e;
        }
    }
    return 0;
}

static const char *const keywords[] = {
    "AND", "OR", "NOT", "IN", "IS", "NULL", "BETWEEN", "SELECT", "FROM", "WHERE",
    "ORDER", "BY", "ASC", "DESC", "LIMIT",
};

static bool is_keyword(const char *s, size_t n)
{
    for (size_t k = 0; k < sizeof keywords / sizeof *keywords; k++)
        if (strlen(keywords[k]) == n && ieq(s, keywords[k], n))
            return true;
    return false;
}

static int lex(const char *s, size_t len, TokVec *out)
{
    size_t pos = 0, n;

    while (pos < len) {
        const char *p = s + pos;
        unsigned char c = (unsigned char)*p;
        Tok t = { .s = p };

        if (isspace(c)) {
            for (n = 0; pos + n < len && isspace((unsigned char)p[n]); n++)
                ;
            t.kind = T_WS;
        } else if (c == '\'' && (n = lex_quoted(s, pos, '\'', true))) {
            t.kind = T_STR;
        } else if (c == '"' && (n = lex_quoted(s, pos, '"', true))) {
            t.kind = T_SYM;
        } else if (c == '`' && (n = lex_quoted(s, pos, '`', false))) {
            t.kind = T_NAME;
        } else if ((n = lex_likeop(p))) {
            t.kind = T_OP;
        } else if ((n = lex_num(p))) {
            t.kind = T_NUM;
        } else if (strchr("<>=~!", c) && c) {
            for (n = 0; p[n] && strchr("<>=~!", p[n]); n++)
                ;
            t.kind = T_OP;
        } else if (word_start(c)) {
            for (n = 1; word_char((unsigned char)p[n]); n++)
                ;
            t.kind = is_keyword(p, n) ? T_KW : T_NAME;
        } else {
            n = 1;
            while (c >= 0xC0 && ((unsigned char)p[n] & 0xC0) == 0x80)
                n++;
            t.kind = T_PUNCT;
        }
        t.len = n;
        if (vec_push(out, t) < 0)
            return -1;
        pos += n;
    }
    return 0;
}

/* ---- grouping ---- */

static bool is_punct(const Tok *t, char c)
{
    return t->kind == T_PUNCT && t->len == 1 && t->s[0] == c;
}

static bool is_kw(const Tok *t, const char *w)
{
    return t->kind == T_KW && t->len == strlen(w) && ieq(t->s, w, t->len);
}

/* ( ... ) -> PAREN; unbalanced parentheses stay flat. Consumes in. */
static int group_parens(TokVec *in, TokVec *out)
{
    TokVec stack[64];
    size_t depth = 0;
    int rc = -1;

    memset(stack, 0, sizeof stack);
    *out = (TokVec){ 0 };
    for (size_t i = 0; i < in->n; i++) {
        Tok t = in->v[i];
        in->v[i] = (Tok){ 0 };
        if (is_punct(&t, '(') && depth < 64) {
            stack[depth++] = *out;
            *out = (TokVec){ 0 };
            if (vec_push(out, t) < 0)
                goto out;
        } else if (is_punct(&t, ')') && depth > 0) {
            TokVec inner = *out;
            Tok p = { .kind = T_PAREN, .s = inner.v[0].s };
            p.len = (size_t)(t.s + t.len - p.s);
            p.n_items = inner.n - 1;
            p.items = malloc((p.n_items ? p.n_items : 1) * sizeof *p.items);
            if (!p.items) {
                vec_free(&inner);
                goto out;
            }
            if (p.n_items)
                memcpy(p.items, inner.v + 1, p.n_items * sizeof *p.items);
            free(inner.v);
            *out = stack[--depth];
            stack[depth] = (TokVec){ 0 };
            if (vec_push(out, p) < 0) {
                tok_free(&p);
                goto out;
            }
        } else if (vec_push(out, t) < 0) {
            tok_free(&t);
            goto out;
        }
    }
    while (depth > 0) {   /* unbalanced: flatten back */
        TokVec inner = *out;
        *out = stack[--depth];
        stack[depth] = (TokVec){ 0 };
        for (size_t i = 0; i < inner.n; i++)
            if (vec_push(out, inner.v[i]) < 0) {
                free(inner.v);
                goto out;
            }
        free(inner.v);
    }
    rc = 0;
out:
    for (size_t d = 0; d < 64; d++)
        vec_free(&stack[d]);
    vec_free(in);
    return rc;
}

/* name(.name|.`quoted`|."quoted"|.KEYWORD|.NUM)* -> one NAME, in place. */
static void group_identifiers(TokVec *tv)
{
    size_t w = 0;

    for (size_t i = 0; i < tv->n;) {
        Tok t = tv->v[i];
        size_t j = i + 1;
        if (t.kind == T_NAME || t.kind == T_SYM) {
            while (j + 1 < tv->n && is_punct(&tv->v[j], '.') &&
                   (tv->v[j + 1].kind == T_NAME || tv->v[j + 1].kind == T_SYM ||
                    tv->v[j + 1].kind == T_KW || tv->v[j + 1].kind == T_NUM)) {
                t.kind = T_NAME;
                t.len = (size_t)(tv->v[j + 1].s + tv->v[j + 1].len - t.s);
                j += 2;
            }
        }
        tv->v[w++] = t;
        i = j;
    }
    tv->n = w;
}

static bool operand(const Tok *t)
{
    return t->kind == T_NAME || t->kind == T_SYM || t->kind == T_STR || t->kind == T_NUM ||
           t->kind == T_PAREN;
}

static bool identifier(const Tok *t)
{
    return t->kind == T_NAME || t->kind == T_SYM;
}

static int make_cmp(Tok *a, Tok *op, Tok *b, const char *opname, Tok *out)
{
    *out = (Tok){ .kind = T_CMP, .s = a->s, .op = opname };
    out->len = (size_t)(b->s + b->len - a->s);
    out->items = malloc(3 * sizeof *out->items);
    if (!out->items)
        return -1;
    out->items[0] = *a;
    out->items[1] = op ? *op : (Tok){ .kind = T_OP };
    out->items[2] = *b;
    out->n_items = 3;
    *a = (Tok){ 0 };
    if (op)
        *op = (Tok){ 0 };
    *b = (Tok){ 0 };
    return 0;
}

/* [operand ws* OP ws* operand] -> CMP; then MLflow's IN joining over the
 * tokens without whitespace. Result in tv, whitespace dropped. */
static int group_comparisons(TokVec *tv)
{
    TokVec a = { 0 }, b = { 0 };
    int rc = -1;

    for (size_t i = 0; i < tv->n; i++) {
        Tok *t = &tv->v[i];
        if (operand(t)) {
            size_t j = i + 1, k;
            while (j < tv->n && tv->v[j].kind == T_WS)
                j++;
            if (j < tv->n && tv->v[j].kind == T_OP) {
                k = j + 1;
                while (k < tv->n && tv->v[k].kind == T_WS)
                    k++;
                if (k < tv->n && operand(&tv->v[k])) {
                    Tok c;
                    if (make_cmp(t, &tv->v[j], &tv->v[k], NULL, &c) < 0 || vec_push(&a, c) < 0)
                        goto out;
                    i = k;
                    continue;
                }
            }
        }
        if (t->kind == T_WS) {
            tok_free(t);
            continue;
        }
        if (vec_push(&a, *t) < 0)
            goto out;
        *t = (Tok){ 0 };
    }
    for (size_t i = 0; i < a.n; i++) {
        Tok *t = &a.v[i], c;
        if (identifier(t) && i + 2 < a.n && is_kw(&a.v[i + 1], "IN") &&
            a.v[i + 2].kind == T_PAREN) {
            if (make_cmp(t, NULL, &a.v[i + 2], "IN", &c) < 0 || vec_push(&b, c) < 0)
                goto out;
            i += 2;
            continue;
        }
        if (identifier(t) && i + 3 < a.n && is_kw(&a.v[i + 1], "NOT") &&
            is_kw(&a.v[i + 2], "IN") && a.v[i + 3].kind == T_PAREN) {
            if (make_cmp(t, NULL, &a.v[i + 3], "NOT IN", &c) < 0 || vec_push(&b, c) < 0)
                goto out;
            i += 3;
            continue;
        }
        if (vec_push(&b, *t) < 0)
            goto out;
        *t = (Tok){ 0 };
    }
    vec_free(tv);
    *tv = b;
    b = (TokVec){ 0 };
    rc = 0;
out:
    vec_free(&a);
    vec_free(&b);
    return rc;
}

/* ---- clauses ---- */

static char *dupn(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

static bool quoted_with(const char *s, size_t n, char q)
{
    return n >= 2 && s[0] == q && s[n - 1] == q;
}

static const struct { const char *alias; FilterEntity e; } entity_aliases[] = {
    { "metric", FENT_METRIC }, { "metrics", FENT_METRIC },
    { "parameter", FENT_PARAM }, { "parameters", FENT_PARAM }, { "param", FENT_PARAM },
    { "params", FENT_PARAM }, { "tag", FENT_TAG }, { "tags", FENT_TAG },
    { "attribute", FENT_ATTR }, { "attr", FENT_ATTR }, { "attributes", FENT_ATTR },
    { "run", FENT_ATTR }, { "dataset", FENT_DATASET }, { "datasets", FENT_DATASET },
};

static bool in_set(const char *s, const char *const *set)
{
    for (; *set; set++)
        if (strcmp(s, *set) == 0)
            return true;
    return false;
}

static const char *const run_attrs[] = { "run_id", "run_name", "status", "user_id",
    "start_time", "end_time", "artifact_uri", "created", "Created", "run name", "Run name",
    "Run Name", NULL };
static const char *const run_numeric[] = { "start_time", "end_time", "created", "Created",
    NULL };
static const char *const exp_attrs[] = { "name", "creation_time", "last_update_time", NULL };
static const char *const exp_numeric[] = { "creation_time", "last_update_time", NULL };
static const char *const model_attrs[] = { "name", NULL };
static const char *const none[] = { NULL };
static const char *const mv_attrs[] = { "name", "version_number", "run_id", "source_path",
    NULL };
static const char *const mv_numeric[] = { "version_number", "creation_timestamp",
    "last_updated_timestamp", NULL };
static const char *const dataset_attrs[] = { "name", "digest", "context", NULL };

static const char *const *kind_attrs(FilterKind k)
{
    return k == FILTER_RUNS ? run_attrs : k == FILTER_EXPERIMENTS ? exp_attrs
         : k == FILTER_MODELS ? model_attrs : mv_attrs;
}

static const char *const *kind_numeric(FilterKind k)
{
    return k == FILTER_RUNS ? run_numeric : k == FILTER_EXPERIMENTS ? exp_numeric
         : k == FILTER_MODELS ? none : mv_numeric;
}

/* Splits the identifier into entity and key (malloc'd). -1 with why. */
static int parse_identifier(const Tok *t, FilterKind kind, FilterEntity *ent, char **key,
                            char *why, size_t size)
{
    const char *dot = memchr(t->s, '.', t->len);
    const char *k = t->s;
    size_t kn = t->len;
    bool raw_check = kind == FILTER_MODELS || kind == FILTER_VERSIONS;

    *ent = FENT_ATTR;
    if (dot) {
        const char *e = t->s;
        size_t en = (size_t)(dot - t->s);
        k = dot + 1;
        kn = t->len - en - 1;
        if (kind != FILTER_RUNS) {
            if (!((en == 9 && !strncmp(e, "attribute", 9)) || (en == 3 && !strncmp(e, "tag", 3)) ||
                  (en == 4 && !strncmp(e, "tags", 4)))) {
                say(why, size, "Invalid entity type '%.*s'. Valid entity types are "
                    "('attribute', 'tag', 'tags')", (int)en, e);
                return -1;
            }
        }
        if (quoted_with(e, en, '`')) {
            e++;
            en -= 2;
        }
        size_t a;
        for (a = 0; a < sizeof entity_aliases / sizeof *entity_aliases; a++)
            if (strlen(entity_aliases[a].alias) == en && !strncmp(entity_aliases[a].alias, e, en))
                break;
        if (a == sizeof entity_aliases / sizeof *entity_aliases) {
            say(why, size, "Invalid entity type '%.*s'. Valid values are ['metric', "
                "'parameter', 'tag', 'attribute', 'dataset']", (int)en, e);
            return -1;
        }
        *ent = entity_aliases[a].e;
    }
    if (raw_check && *ent == FENT_ATTR) {
        char *raw = dupn(k, kn);
        bool ok = raw && in_set(raw, kind_attrs(kind));
        free(raw);
        if (!ok) {
            say(why, size, "Invalid attribute key '%.*s' specified.", (int)kn, k);
            return -1;
        }
    }
    if (quoted_with(k, kn, '\'') || quoted_with(k, kn, '"')) {
        k++;
        kn -= 2;
    }
    if (quoted_with(k, kn, '`')) {
        k++;
        kn -= 2;
    }
    *key = dupn(k, kn);
    if (!*key) {
        say(why, size, "out of memory");
        return -1;
    }
    if (!raw_check && *ent == FENT_ATTR && !in_set(*key, kind_attrs(kind))) {
        say(why, size, "Invalid attribute key '%s' specified. Valid keys are '%s'", *key,
            kind == FILTER_RUNS ? "{'run_id', 'run_name', 'status', 'user_id', 'start_time', "
            "'end_time', 'artifact_uri', 'created', 'Created', 'run name', 'Run name', "
            "'Run Name'}" : "{'creation_time', 'last_update_time', 'name'}");
        goto fail;
    }
    if (*ent == FENT_DATASET && !in_set(*key, dataset_attrs)) {
        say(why, size, "Invalid dataset key '%s' specified. Valid keys are "
            "'{'context', 'digest', 'name'}'", *key);
        goto fail;
    }
    if (*ent == FENT_TAG || *ent == FENT_ATTR || *ent == FENT_DATASET || kind == FILTER_RUNS)
        return 0;
    say(why, size, "Invalid entity type for this search");
fail:
    free(*key);
    *key = NULL;
    return -1;
}

static bool islower_py(const char *s, size_t n)
{
    bool cased = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (isupper(c))
            return false;
        if (islower(c))
            cased = true;
    }
    return cased;
}

static int parse_list(const Tok *p, bool lower_only, FilterClause *c, char *why, size_t size)
{
    size_t n = p->n_items;
    bool expect_value = true;

    if (n == 0) {
        say(why, size, "While parsing a list in the query, expected a non-empty list of "
            "string values, but got empty list");
        return -1;
    }
    c->list = calloc(n, sizeof *c->list);
    if (!c->list)
        return -1;
    for (size_t i = 0; i < n; i++) {
        const Tok *t = &p->items[i];
        if (t->kind == T_WS)
            continue;
        if (expect_value) {
            if (t->kind != T_STR) {
                say(why, size, "While parsing a list in the query, expected string value, "
                    "punctuation, or whitespace, but got different type in list: %.*s",
                    (int)p->len, p->s);
                return -1;
            }
            if (!lower_only || islower_py(t->s + 1, t->len - 2)) {
                /* '' inside a list item stands for one quote */
                char *v = dupn(t->s + 1, t->len - 2), *r, *w;
                if (!v)
                    return -1;
                for (r = w = v; *r; r++) {
                    *w++ = *r;
                    if (r[0] == '\'' && r[1] == '\'')
                        r++;
                }
                *w = '\0';
                c->list[c->n_list++] = v;
            }
        } else if (!is_punct(t, ',')) {
            say(why, size, "While parsing a list in the query, expected string value, "
                "punctuation, or whitespace, but got different type in list: %.*s",
                (int)p->len, p->s);
            return -1;
        }
        expect_value = !expect_value;
    }
    return 0;
}

static int parse_value(const Tok *t, FilterKind kind, FilterClause *c, char *why, size_t size)
{
    bool numeric = c->entity == FENT_METRIC ||
                   (c->entity == FENT_ATTR && in_set(c->key, kind_numeric(kind)));

    if (numeric) {
        if (t->kind != T_NUM) {
            if (c->entity == FENT_METRIC)
                say(why, size, "Expected numeric value type for metric. Found %.*s",
                    (int)t->len, t->s);
            else
                say(why, size, "Expected numeric value type for numeric attribute: %s. "
                    "Found %.*s", c->key, (int)t->len, t->s);
            return -1;
        }
        char *v = dupn(t->s, t->len);
        if (!v)
            return -1;
        c->num = strtod(v, NULL);
        c->numeric = true;
        c->str = v;
        return 0;
    }
    if (t->kind == T_STR || identifier(t)) {
        if (!(quoted_with(t->s, t->len, '\'') || quoted_with(t->s, t->len, '"'))) {
            say(why, size, "Parameter value is either not quoted or unidentified quote types "
                "used for string value %.*s. Use either single or double quotes.",
                (int)t->len, t->s);
            return -1;
        }
        c->str = dupn(t->s + 1, t->len - 2);
        return c->str ? 0 : -1;
    }
    if (t->kind == T_PAREN && (c->entity == FENT_ATTR || c->entity == FENT_DATASET)) {
        if (c->entity == FENT_ATTR && strcmp(c->key, "run_id") != 0) {
            say(why, size, "Only the 'run_id' attribute supports comparison with a list of "
                "quoted string values.");
            return -1;
        }
        return parse_list(t, c->entity == FENT_ATTR, c, why, size);
    }
    if (c->entity == FENT_ATTR)
        say(why, size, "Expected a quoted string value for attributes. Got value %.*s",
            (int)t->len, t->s);
    else
        say(why, size, "Expected a quoted string value for %s (e.g. 'my-value'). Got value "
            "%.*s", c->entity == FENT_PARAM ? "parameter" : c->entity == FENT_TAG ? "tag"
            : "dataset attributes", (int)t->len, t->s);
    return -1;
}

static const struct { const char *s; FilterOp op; } op_names[] = {
    { "=", FOP_EQ }, { "!=", FOP_NE }, { "<", FOP_LT }, { "<=", FOP_LE }, { ">", FOP_GT },
    { ">=", FOP_GE }, { "LIKE", FOP_LIKE }, { "ILIKE", FOP_ILIKE }, { "IN", FOP_IN },
    { "NOT IN", FOP_NOT_IN },
};

/* The comparator check of each kind (runs and registry upper-case it first;
 * experiments do not). Sets c->op or fails. */
static int check_op(const char *raw, FilterKind kind, FilterClause *c, char *why, size_t size)
{
    char op[32];
    size_t i;
    bool num_ops, str_ops, eq_like;

    snprintf(op, sizeof op, "%s", raw);
    if (kind != FILTER_EXPERIMENTS)
        for (i = 0; op[i]; i++)
            op[i] = (char)toupper((unsigned char)op[i]);
    for (i = 0; i < sizeof op_names / sizeof *op_names; i++)
        if (strcmp(op, op_names[i].s) == 0)
            break;
    FilterOp o = i < sizeof op_names / sizeof *op_names ? op_names[i].op : (FilterOp)-1;
    num_ops = (int)o >= FOP_EQ && o <= FOP_GE;
    str_ops = o == FOP_EQ || o == FOP_NE || o == FOP_LIKE || o == FOP_ILIKE || o == FOP_IN ||
              o == FOP_NOT_IN;
    eq_like = o == FOP_EQ || o == FOP_NE || o == FOP_LIKE || o == FOP_ILIKE;

    if (c->numeric ? num_ops
        : c->entity == FENT_ATTR || c->entity == FENT_DATASET
            ? (str_ops && (kind == FILTER_RUNS || kind == FILTER_VERSIONS ? true : eq_like) &&
               !(kind == FILTER_VERSIONS && o == FOP_IN && strcmp(c->key, "run_id") != 0))
            : eq_like) {
        c->op = o;
        if (c->list && !(o == FOP_IN || o == FOP_NOT_IN))
            goto bad;
        if (!c->list && (o == FOP_IN || o == FOP_NOT_IN))
            goto bad;
        return 0;
    }
bad:
    if (c->numeric)
        say(why, size, "Invalid comparator '%s' not one of '{'>=', '!=', '<=', '<', '>', '='}'",
            op);
    else if (c->entity == FENT_PARAM || c->entity == FENT_TAG)
        say(why, size, "Invalid comparator '%s' not one of '{'!=', '=', 'LIKE', 'ILIKE'}'", op);
    else
        say(why, size, "Invalid comparator '%s' not one of '{'!=', 'IN', 'NOT IN', '=', "
            "'LIKE', 'ILIKE'}'", op);
    return -1;
}

static void clause_free(FilterClause *c)
{
    free(c->key);
    free(c->str);
    for (size_t i = 0; i < c->n_list; i++)
        free(c->list[i]);
    free(c->list);
}

void filter_free(Filter *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->n; i++)
        clause_free(&f->clauses[i]);
    free(f->clauses);
    f->clauses = NULL;
    f->n = 0;
}

static void translate_alias(FilterClause *c)
{
    const char *to = NULL;

    if (c->entity != FENT_ATTR)
        return;
    if (!strcmp(c->key, "created") || !strcmp(c->key, "Created"))
        to = "start_time";
    else if (!strcmp(c->key, "run name") || !strcmp(c->key, "Run name") ||
             !strcmp(c->key, "Run Name"))
        to = "run_name";
    else if (!strcmp(c->key, "source_path"))
        to = "source";
    if (to) {
        char *d = dupn(to, strlen(to));
        if (d) {
            free(c->key);
            c->key = d;
        }
    }
}

int filter_parse(const char *text, FilterKind kind, Filter *out, char *why, size_t size)
{
    TokVec raw = { 0 }, tv = { 0 };
    size_t b, e, n_cmp = 0;
    int rc = -1;

    *out = (Filter){ 0 };
    if (why && size)
        why[0] = '\0';
    if (!text)
        return 0;
    b = 0;
    e = strlen(text);
    if (e > FILTER_MAX_LEN) {
        say(why, size, "Filter too long (%zu characters; at most %d)", e, FILTER_MAX_LEN);
        return -1;
    }
    while (b < e && isspace((unsigned char)text[b]))
        b++;
    while (e > b && isspace((unsigned char)text[e - 1]))
        e--;
    while (e > b && text[e - 1] == ';')
        e--;
    if (b == e)
        return 0;
    if (memchr(text + b, ';', e - b)) {
        say(why, size, "Search filter contained multiple expression '%s'. Provide AND-ed "
            "expression list.", text);
        return -1;
    }
    /* Python strips again before tokenizing the rstripped string: whitespace
     * before a trailing ';' stays, which is harmless (a WS token). */
    if (lex(text + b, e - b, &raw) < 0 || group_parens(&raw, &tv) < 0)
        goto nomem;
    group_identifiers(&tv);
    if (group_comparisons(&tv) < 0)
        goto nomem;
    {
        char list[600] = "";
        size_t used = 0;
        for (size_t i = 0; i < tv.n; i++) {
            Tok *t = &tv.v[i];
            if (t->kind == T_CMP) {
                n_cmp++;
                continue;
            }
            if (is_kw(t, "AND"))
                continue;
            int w = snprintf(list + used, sizeof list - used,
                             kind == FILTER_RUNS ? "%s'%.*s'" : "%s%.*s", used ? ", " : "",
                             (int)t->len, t->s);
            if (w > 0)
                used = used + (size_t)w < sizeof list ? used + (size_t)w : sizeof list - 1;
        }
        if (used) {
            say(why, size, "Invalid clause(s) in filter string: %s", list);
            goto out;
        }
    }
    out->clauses = calloc(n_cmp ? n_cmp : 1, sizeof *out->clauses);
    if (!out->clauses)
        goto nomem;
    for (size_t i = 0; i < tv.n; i++) {
        Tok *t = &tv.v[i];
        FilterClause *c;
        if (t->kind != T_CMP)
            continue;
        c = &out->clauses[out->n++];
        if (!identifier(&t->items[0])) {
            say(why, size, "Invalid comparison clause. Expected 'Identifier' found '%.*s'",
                (int)t->items[0].len, t->items[0].s);
            goto out;
        }
        if (parse_identifier(&t->items[0], kind, &c->entity, &c->key, why, size) < 0 ||
            parse_value(&t->items[2], kind, c, why, size) < 0)
            goto out;
    }
    for (size_t i = 0, k = 0; i < tv.n; i++) {
        Tok *t = &tv.v[i];
        char op[32];
        if (t->kind != T_CMP)
            continue;
        if (t->op)
            snprintf(op, sizeof op, "%s", t->op);
        else
            snprintf(op, sizeof op, "%.*s", (int)t->items[1].len, t->items[1].s);
        if (check_op(op, kind, &out->clauses[k], why, size) < 0)
            goto out;
        translate_alias(&out->clauses[k]);
        k++;
    }
    rc = 0;
    goto out;
nomem:
    say(why, size, "out of memory");
out:
    vec_free(&raw);
    vec_free(&tv);
    if (rc < 0)
        filter_free(out);
    return rc;
}

/* ---- evaluation ---- */

static size_t utf8_len(const char *s)
{
    unsigned char c = (unsigned char)*s;
    size_t n = 1;
    if (c >= 0xC0)
        while (((unsigned char)s[n] & 0xC0) == 0x80)
            n++;
    return n;
}

bool filter_like(const char *p, const char *s, bool icase)
{
    const char *star_p = NULL, *star_s = NULL;

    /* The classic wildcard walk: remember the last %, retry one character further. */
    while (*s) {
        if (*p == '%') {
            star_p = ++p;
            star_s = s;
            continue;
        }
        if (*p == '_') {
            p++;
            s += utf8_len(s);
            continue;
        }
        if (*p && (icase ? tolower((unsigned char)*p) == tolower((unsigned char)*s)
                         : *p == *s)) {
            p++;
            s++;
            continue;
        }
        if (!star_p)
            return false;
        p = star_p;
        star_s += utf8_len(star_s);
        s = star_s;
    }
    while (*p == '%')
        p++;
    return *p == '\0';
}

bool filter_clause_number(const FilterClause *c, double v)
{
    double x = c->num;

    switch (c->op) {
    case FOP_EQ: return v == x;
    case FOP_NE: return v != x;
    case FOP_LT: return v < x;
    case FOP_LE: return v <= x;
    case FOP_GT: return v > x;
    case FOP_GE: return v >= x;
    default:     return false;
    }
}

bool filter_clause_string(const FilterClause *c, const char *s)
{
    if (!s)
        return false;
    if (c->numeric)
        return filter_clause_number(c, strtod(s, NULL));
    switch (c->op) {
    case FOP_EQ:    return strcmp(s, c->str) == 0;
    case FOP_NE:    return strcmp(s, c->str) != 0;
    case FOP_LIKE:  return filter_like(c->str, s, false);
    case FOP_ILIKE: return filter_like(c->str, s, true);
    case FOP_IN:
    case FOP_NOT_IN: {
        bool found = false;
        for (size_t i = 0; i < c->n_list && !found; i++)
            found = strcmp(s, c->list[i]) == 0;
        return c->op == FOP_IN ? found : !found;
    }
    default:
        return false;
    }
}

static bool match_run_clause(const FilterClause *c, const RunSet *rs, size_t i)
{
    const Run *r = &rs->runs[i];
    uint32_t k, v;

    switch (c->entity) {
    case FENT_METRIC: {
        const MetricVal *m;
        k = runset_key(rs, c->key);
        if (k == UINT32_MAX || !(m = runset_metric(rs, i, k)))
            return false;
        return filter_clause_number(c, isnan(m->value) ? 0.0 : m->value);
    }
    case FENT_PARAM:
    case FENT_TAG:
        k = runset_key(rs, c->key);
        if (k == UINT32_MAX)
            return false;
        v = c->entity == FENT_PARAM ? runset_param(rs, i, k) : runset_tag(rs, i, k);
        return v != UINT32_MAX && filter_clause_string(c, runset_str(rs, v));
    case FENT_ATTR:
        if (!strcmp(c->key, "start_time") || !strcmp(c->key, "end_time")) {
            int64_t t = c->key[0] == 's' ? r->start_time : r->end_time;
            return t != TIME_NONE && filter_clause_number(c, (double)t);
        }
        if (!strcmp(c->key, "run_id"))
            return filter_clause_string(c, runset_str(rs, r->run_id));
        if (!strcmp(c->key, "run_name"))
            return filter_clause_string(c, runset_str(rs, r->name));
        if (!strcmp(c->key, "status"))
            return filter_clause_string(c, run_status_name(r->status));
        if (!strcmp(c->key, "user_id"))
            return filter_clause_string(c, runset_str(rs, r->user));
        if (!strcmp(c->key, "artifact_uri"))
            return filter_clause_string(c, runset_str(rs, r->artifact_uri));
        return false;
    case FENT_DATASET:
    default:
        return false;
    }
}

bool filter_match_run(const Filter *f, const RunSet *rs, size_t run)
{
    for (size_t i = 0; i < f->n; i++)
        if (!match_run_clause(&f->clauses[i], rs, run))
            return false;
    return true;
}
