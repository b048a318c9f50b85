/* artifact.h — a run's artifacts as plain data: one listed level of the
 * artifact tree, the safety check every server-provided path passes before
 * anything is written to disk, the preview kind of a file, and the columns
 * of a model signature. No I/O, no parsers (api/artifacts.c fills these from
 * JSON, api/mlmodel.c reads MLmodel files). */
#ifndef MLTUI_ARTIFACT_H
#define MLTUI_ARTIFACT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ArtifactEntry {
    char   *path;     /* relative to the run's artifact root, as the server sent it */
    bool    is_dir;
    int64_t size;     /* bytes; -1 when the server gave none (folders) */
} ArtifactEntry;

/* One level of an artifacts/list reply; owns every string. */
typedef struct ArtifactList {
    char          *root_uri;   /* "mlflow-artifacts:/1/<run>/artifacts", or NULL */
    ArtifactEntry *items;
    size_t         n, cap;
    size_t         dropped;    /* entries the server listed past the cap, not kept */
} ArtifactList;

ArtifactList *artifact_list_new(void);
void          artifact_list_free(ArtifactList *l);
/* Appends a copy of path. Returns 0, -1 when out of memory. */
int           artifact_list_add(ArtifactList *l, const char *path, bool is_dir, int64_t size);
/* Folders first, then by path (bytewise), as the MLflow UI lists them. */
void          artifact_list_sort(ArtifactList *l);

/* The last segment of path ("model/MLmodel" -> "MLmodel"); points into path. */
const char   *artifact_basename(const char *path);
/* The part of path below folder dir ("" is the root): ("model", "model/MLmodel")
 * -> "MLmodel". NULL when path is not strictly inside dir. Points into path. */
const char   *artifact_below(const char *dir, const char *path);

/* True when path, a string from the server, may be used as a relative path
 * under a directory the user chose: non-empty, at most 4096 bytes, not
 * absolute ("/x"), no empty segment ("a//b", "a/"), no "." or ".." segment,
 * no backslash (a Windows separator), no drive letter ("C:x"), no control
 * character (C0, DEL, UTF-8-encoded C1) and valid UTF-8. On false, *why (when
 * why is non-NULL) gets a static reason ("'..' segment"). */
bool          artifact_safe_path(const char *path, const char **why);

typedef enum {
    AK_TEXT,      /* shown as text */
    AK_JSON,      /* pretty-printed when it parses */
    AK_YAML,      /* shown as text */
    AK_MLMODEL,   /* YAML with a model summary and its signature as tables */
    AK_PNG,       /* drawn with half blocks */
    AK_BINARY,    /* size and type only */
} ArtifactKind;

/* The preview kind from the file name and, when data is non-NULL, its bytes
 * (a PNG signature wins over the name; NUL bytes or invalid UTF-8 in the
 * first 4 KiB make it binary). */
ArtifactKind  artifact_kind(const char *path, const void *data, size_t len);
/* A short description for binaries: "PNG image", "JPEG image", "pickle",
 * "HTML", "binary" ... from the name and magic bytes (data may be NULL). */
const char   *artifact_type_name(const char *path, const void *data, size_t len);

/* One column of a model signature (an MLmodel's inputs or outputs). */
typedef struct SigColumn {
    char *name;   /* "" for unnamed tensors */
    char *type;   /* "double", "tensor float64 (-1, 4)", "string (optional)" */
} SigColumn;

void          sig_columns_free(SigColumn *c, size_t n);

#endif
