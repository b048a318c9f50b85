/* artifact.c — see artifact.h. */
#include "core/artifact.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

void sig_columns_free(SigColumn *c, size_t n)
{
    for (size_t i = 0; c && i < n; i++) {
        free(c[i].name);
        free(c[i].type);
    }
    free(c);
}
