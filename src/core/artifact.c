/* artifact.c — see artifact.h. */
#include "core/artifact.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/strbuf.h"

ArtifactList *artifact_list_new(void)
{
    return calloc(1, sizeof(ArtifactList));
}

void artifact_list_free(ArtifactList *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++)
        free(l->items[i].path);
    free(l->items);
    free(l->root_uri);
    free(l);
}

int artifact_list_add(ArtifactList *l, const char *path, bool is_dir, int64_t size)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        ArtifactEntry *n = realloc(l->items, cap * sizeof *n);
        if (!n)
            return -1;
        l->items = n;
        l->cap = cap;
    }
    char *p = strdup(path ? path : "");
    if (!p)
        return -1;
    l->items[l->n].path = p;
    l->items[l->n].is_dir = is_dir;
    l->items[l->n].size = is_dir ? -1 : size;
    l->n++;
    return 0;
}

static int entry_cmp(const void *a, const void *b)
{
    const ArtifactEntry *x = a, *y = b;
    if (x->is_dir != y->is_dir)
        return x->is_dir ? -1 : 1;
    return strcmp(x->path, y->path);
}

void artifact_list_sort(ArtifactList *l)
{
    if (l && l->n > 1)
        qsort(l->items, l->n, sizeof *l->items, entry_cmp);
}

const char *artifact_basename(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

const char *artifact_below(const char *dir, const char *path)
{
    size_t n = strlen(dir);

    if (n == 0)
        return path[0] ? path : NULL;
    if (strncmp(path, dir, n) != 0 || path[n] != '/' || path[n + 1] == '\0')
        return NULL;
    return path + n + 1;
}

/* Length of the valid UTF-8 sequence at s (1..4), 0 when invalid. */
static int utf8_len(const unsigned char *s)
{
    unsigned c = s[0];
    int n;
    unsigned cp;

    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf) { n = 2; cp = c & 0x1f; }
    else if (c >= 0xe0 && c <= 0xef) { n = 3; cp = c & 0x0f; }
    else if (c >= 0xf0 && c <= 0xf4) { n = 4; cp = c & 0x07; }
    else return 0;
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3f);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
        (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return n;
}

bool artifact_safe_path(const char *path, const char **why)
{
    const char *reason = NULL;
    const unsigned char *s = (const unsigned char *)path;
    size_t len;

    if (!path || !*path) {
        reason = "empty path";
        goto out;
    }
    len = strlen(path);
    if (len > 4096) {
        reason = "path too long";
        goto out;
    }
    if (path[0] == '/') {
        reason = "absolute path";
        goto out;
    }
    if (isalpha(s[0]) && s[1] == ':') {
        reason = "drive letter";
        goto out;
    }
    for (size_t i = 0; i < len;) {
        if (s[i] < 0x20 || s[i] == 0x7f) {
            reason = "control character";
            goto out;
        }
        if (s[i] == '\\') {
            reason = "backslash";
            goto out;
        }
        int n = utf8_len(s + i);
        if (n == 0) {
            reason = "invalid UTF-8";
            goto out;
        }
        if (n == 2 && s[i] == 0xc2 && s[i + 1] < 0xa0) {
            reason = "control character";
            goto out;
        }
        i += (size_t)n;
    }
    for (const char *seg = path;;) {
        const char *end = strchr(seg, '/');
        size_t n = end ? (size_t)(end - seg) : strlen(seg);
        if (n == 0) {
            reason = "empty segment";
            goto out;
        }
        if ((n == 1 && seg[0] == '.') || (n == 2 && seg[0] == '.' && seg[1] == '.')) {
            reason = n == 1 ? "'.' segment" : "'..' segment";
            goto out;
        }
        if (!end)
            break;
        seg = end + 1;
    }
out:
    if (why)
        *why = reason;
    return reason == NULL;
}

/* ---- kinds ---- */

static const char *ext_of(const char *path)
{
    const char *base = artifact_basename(path);
    const char *dot = strrchr(base, '.');
    return dot && dot != base ? dot + 1 : "";
}

static bool ext_is(const char *path, const char *const *list)
{
    const char *e = ext_of(path);
    for (; *list; list++)
        if (strcasecmp(e, *list) == 0)
            return true;
    return false;
}

static bool is_png(const void *data, size_t len)
{
    return data && len >= 8 && memcmp(data, "\x89PNG\r\n\x1a\n", 8) == 0;
}

static bool looks_binary(const void *data, size_t len)
{
    const unsigned char *s = data;
    size_t n = len < 4096 ? len : 4096;

    for (size_t i = 0; i < n;) {
        if (s[i] == 0)
            return true;
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        /* a sequence cut by the 4 KiB window is fine */
        size_t left = n - i;
        if (left < 4 && n < len)
            break;
        unsigned char tmp[4] = { 0 };
        memcpy(tmp, s + i, left < 4 ? left : 4);
        int l = utf8_len(tmp);
        if (l == 0 || (size_t)l > left)
            return true;
        i += (size_t)l;
    }
    return false;
}

ArtifactKind artifact_kind(const char *path, const void *data, size_t len)
{
    static const char *const json[] = { "json", "ipynb", NULL };
    static const char *const yaml[] = { "yaml", "yml", NULL };
    static const char *const bin[] = { "pkl", "pickle", "joblib", "pt", "pth", "h5", "onnx",
                                       "npy", "npz", "parquet", "zip", "gz", "tgz", "bz2",
                                       "xz", "jpg", "jpeg", "gif", "bmp", "webp", "pdf",
                                       "bin", "so", "zst", "tar", "cbm", "ubj", NULL };
    const char *base = artifact_basename(path);

    if (is_png(data, len))
        return AK_PNG;
    if (!data && strcasecmp(ext_of(path), "png") == 0)
        return AK_PNG;
    if (data && len >= 4 && memcmp(data, "\x89PNG", 4) == 0)
        return AK_BINARY;   /* a broken PNG */
    if (!data && ext_is(path, bin))
        return AK_BINARY;
    if (data && looks_binary(data, len))
        return AK_BINARY;
    if (strcmp(base, "MLmodel") == 0)
        return AK_MLMODEL;
    if (ext_is(path, json))
        return AK_JSON;
    if (ext_is(path, yaml) || strcmp(base, "MLproject") == 0)
        return AK_YAML;
    if (data && len > 0) {
        const char *t = data;
        size_t i = 0;
        while (i < len && (t[i] == ' ' || t[i] == '\n' || t[i] == '\r' || t[i] == '\t'))
            i++;
        if (i < len && (t[i] == '{' || t[i] == '['))
            return AK_JSON;   /* the view falls back to text when it does not parse */
    }
    if (ext_is(path, bin))
        return AK_BINARY;
    return AK_TEXT;
}

const char *artifact_type_name(const char *path, const void *data, size_t len)
{
    static const struct { const char *magic; size_t n; const char *name; } magic[] = {
        { "\x89PNG", 4, "PNG image" }, { "\xff\xd8\xff", 3, "JPEG image" },
        { "GIF8", 4, "GIF image" }, { "%PDF", 4, "PDF document" },
        { "PK\x03\x04", 4, "ZIP archive" }, { "\x1f\x8b", 2, "gzip data" },
        { "\x80", 1, "Python pickle" }, { "\x93NUMPY", 6, "NumPy array" },
        { "PAR1", 4, "Parquet" }, { "\x89HDF", 4, "HDF5" },
    };
    static const struct { const char *ext; const char *name; } ext[] = {
        { "pkl", "Python pickle" }, { "pickle", "Python pickle" }, { "joblib", "joblib dump" },
        { "png", "PNG image" }, { "jpg", "JPEG image" }, { "jpeg", "JPEG image" },
        { "html", "HTML" }, { "htm", "HTML" }, { "onnx", "ONNX model" },
        { "pt", "PyTorch" }, { "pth", "PyTorch" }, { "h5", "HDF5" }, { "npy", "NumPy array" },
        { "parquet", "Parquet" }, { "zip", "ZIP archive" }, { "gz", "gzip data" },
    };
    for (size_t i = 0; data && i < sizeof magic / sizeof *magic; i++)
        if (len >= magic[i].n && memcmp(data, magic[i].magic, magic[i].n) == 0)
            return magic[i].name;
    for (size_t i = 0; i < sizeof ext / sizeof *ext; i++)
        if (strcasecmp(ext_of(path), ext[i].ext) == 0)
            return ext[i].name;
    return "binary data";
}

/* ---- MLmodel ---- */

typedef struct Lines {
    const char *p, *end;
} Lines;

/* Next line [*s, *e) without its newline; false at the end. */
static bool next_line(Lines *l, const char **s, const char **e)
{
    if (l->p >= l->end)
        return false;
    *s = l->p;
    const char *nl = memchr(l->p, '\n', (size_t)(l->end - l->p));
    *e = nl ? nl : l->end;
    l->p = nl ? nl + 1 : l->end;
    if (*e > *s && (*e)[-1] == '\r')
        (*e)--;
    return true;
}

static int indent_of(const char *s, const char *e)
{
    int n = 0;
    while (s + n < e && s[n] == ' ')
        n++;
    return n;
}

/* Decodes the scalar starting at [s, e) (after "key: "), reading
 * continuation lines from l when a quoted scalar goes on; min_indent is the
 * indentation a continuation needs. Returns malloc'd text or NULL (OOM or
 * empty). */
static char *scalar(const char *s, const char *e, Lines *l, int min_indent, bool *oom)
{
    StrBuf b = { 0 };

    while (s < e && *s == ' ')
        s++;
    while (e > s && e[-1] == ' ')
        e--;
    if (s >= e)
        return NULL;
    if (*s != '\'' && *s != '"') {
        /* plain: up to a comment */
        const char *c = s;
        while (c < e && !(c[0] == '#' && c > s && c[-1] == ' '))
            c++;
        while (c > s && c[-1] == ' ')
            c--;
        if ((c - s == 4 && memcmp(s, "null", 4) == 0) || (c - s == 1 && *s == '~'))
            return NULL;
        strbuf_add(&b, s, (size_t)(c - s));
        goto done;
    }
    char q = *s++;
    for (;;) {
        const char *p = s;
        bool closed = false;
        while (p < e) {
            if (q == '\'' && *p == '\'') {
                if (p + 1 < e && p[1] == '\'') {
                    strbuf_add(&b, "'", 1);
                    p += 2;
                    continue;
                }
                closed = true;
                break;
            }
            if (q == '"' && *p == '"') {
                closed = true;
                break;
            }
            if (q == '"' && *p == '\\' && p + 1 < e) {
                char c = p[1], out = c;
                switch (c) {
                case 'n': out = '\n'; break;
                case 't': out = '\t'; break;
                case '"': case '\\': case '/': break;
                default: strbuf_add(&b, "\\", 1); break;
                }
                strbuf_add(&b, &out, 1);
                p += 2;
                continue;
            }
            strbuf_add(&b, p, 1);
            p++;
        }
        if (closed)
            break;
        /* continues on the next, more indented line: fold with a space */
        const char *ns, *ne;
        Lines save = *l;
        if (!next_line(l, &ns, &ne) || indent_of(ns, ne) < min_indent) {
            *l = save;
            break;
        }
        while (ns < ne && *ns == ' ')
            ns++;
        if (ns == ne) {
            strbuf_add(&b, "\n", 1);
            s = e = ns;
            continue;
        }
        if (b.n && b.s[b.n - 1] != '\n')
            strbuf_add(&b, " ", 1);
        s = ns;
        e = ne;
    }
done:
    if (b.oom) {
        *oom = true;
        free(b.s);
        return NULL;
    }
    if (!b.s)
        return strdup("");
    return b.s;
}

/* Splits "key: rest" at [s, e) (s at the key). False when not a mapping line. */
static bool split_key(const char *s, const char *e, const char **ke, const char **vs)
{
    const char *c = s;
    if (s < e && (*s == '-' || *s == '#' || *s == '\'' || *s == '"'))
        return false;
    while (c < e && *c != ':')
        c++;
    if (c >= e || (c + 1 < e && c[1] != ' '))
        return false;
    *ke = c;
    *vs = c + 1;
    return true;
}

static bool key_is(const char *s, const char *ke, const char *name)
{
    size_t n = strlen(name);
    return (size_t)(ke - s) == n && memcmp(s, name, n) == 0;
}

int mlmodel_parse(const char *text, size_t len, MlModelInfo *m)
{
    Lines l = { text, text + len };
    const char *s, *e;
    enum { TOP, FLAVORS, SIGNATURE, OTHER } section = TOP;
    int child_indent = -1, pyfunc_indent = -1;
    bool oom = false, in_pyfunc = false;

    memset(m, 0, sizeof *m);
    while (!oom && next_line(&l, &s, &e)) {
        int ind = indent_of(s, e);
        const char *ks = s + ind, *ke, *vs;
        if (ks >= e || *ks == '#')
            continue;
        if (!split_key(ks, e, &ke, &vs))
            continue;
        if (ind == 0) {
            char **slot = NULL;
            child_indent = -1;
            in_pyfunc = false;
            section = OTHER;
            if (key_is(ks, ke, "flavors"))
                section = FLAVORS;
            else if (key_is(ks, ke, "signature"))
                section = SIGNATURE;
            else if (key_is(ks, ke, "artifact_path"))
                slot = &m->artifact_path;
            else if (key_is(ks, ke, "run_id"))
                slot = &m->run_id;
            else if (key_is(ks, ke, "utc_time_created"))
                slot = &m->utc_time_created;
            else if (key_is(ks, ke, "mlflow_version"))
                slot = &m->mlflow_version;
            else if (key_is(ks, ke, "model_uuid"))
                slot = &m->model_uuid;
            if (slot) {
                free(*slot);
                *slot = scalar(vs, e, &l, 1, &oom);
            }
            continue;
        }
        if (child_indent < 0)
            child_indent = ind;
        if (section == FLAVORS) {
            if (ind == child_indent) {
                char **n = realloc(m->flavors, (m->n_flavors + 1) * sizeof *n);
                char *name = n ? strndup(ks, (size_t)(ke - ks)) : NULL;
                if (n)
                    m->flavors = n;
                if (!name) {
                    oom = true;
                    break;
                }
                m->flavors[m->n_flavors++] = name;
                in_pyfunc = key_is(ks, ke, "python_function");
                pyfunc_indent = -1;
            } else if (in_pyfunc && ind > child_indent) {
                if (pyfunc_indent < 0)
                    pyfunc_indent = ind;
                if (ind == pyfunc_indent && key_is(ks, ke, "loader_module")) {
                    free(m->loader_module);
                    m->loader_module = scalar(vs, e, &l, ind + 1, &oom);
                }
            }
        } else if (section == SIGNATURE && ind == child_indent) {
            char **slot = NULL;
            if (key_is(ks, ke, "inputs"))
                slot = &m->sig_inputs;
            else if (key_is(ks, ke, "outputs"))
                slot = &m->sig_outputs;
            else if (key_is(ks, ke, "params"))
                slot = &m->sig_params;
            if (slot) {
                free(*slot);
                *slot = scalar(vs, e, &l, ind + 1, &oom);
            }
        }
    }
    if (oom) {
        mlmodel_free(m);
        return -1;
    }
    return 0;
}

void mlmodel_free(MlModelInfo *m)
{
    if (!m)
        return;
    free(m->artifact_path);
    free(m->run_id);
    free(m->utc_time_created);
    free(m->mlflow_version);
    free(m->model_uuid);
    for (size_t i = 0; i < m->n_flavors; i++)
        free(m->flavors[i]);
    free(m->flavors);
    free(m->loader_module);
    free(m->sig_inputs);
    free(m->sig_outputs);
    free(m->sig_params);
    memset(m, 0, sizeof *m);
}

void sig_columns_free(SigColumn *c, size_t n)
{
    for (size_t i = 0; c && i < n; i++) {
        free(c[i].name);
        free(c[i].type);
    }
    free(c);
}
