/* download.h — the artifact download queue: which server paths to fetch and
 * where each lands on disk, without curses and without sending a request
 * itself (the artifacts view sends what dl_next asks for and feeds the
 * replies back). It owns the local side:
 *
 *   - every path from the server passes artifact_safe_path (no "..", no
 *     absolute path, no backslash, no control character), and a listed entry
 *     must lie directly inside the folder listed, so nothing is written
 *     outside the chosen folder;
 *   - a file is written to .NAME.mltui-part beside its target and renamed when
 *     complete; a failed or cancelled transfer removes the partial file;
 *   - an existing file is replaced only after the user says yes;
 *   - a recursive download stops at a folder depth, a file count and a total
 *     of listed bytes (DlLimits) and asks before going past each.
 *
 * One download at a time per queue; not thread-safe. */
#ifndef MLTUI_DOWNLOAD_H
#define MLTUI_DOWNLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/artifact.h"

typedef struct DlLimits {
    int     max_depth;    /* folders below the one downloaded; <0: no limit */
    long    max_files;    /* files queued; <0: no limit */
    int64_t max_bytes;    /* sum of the listed sizes of the files queued; <0: no limit */
} DlLimits;

/* 8 folders deep, 1000 files, 2 GiB. */
extern const DlLimits dl_default_limits;

typedef enum {
    DL_LIST,        /* list remote folder `remote`, then dl_listed / dl_failed */
    DL_FETCH,       /* fetch file `remote` into `part`, then dl_fetched / dl_failed */
    DL_ASK,         /* ask `question` (yes/no), then dl_answer */
    DL_DONE,        /* finished: dl_summary says what happened; dl_free */
} DlStep;

typedef struct DlTodo {
    DlStep      step;
    const char *remote;     /* DL_LIST, DL_FETCH: the artifact path on the server */
    const char *local;      /* DL_FETCH: the path below the destination (for progress) */
    const char *part;       /* DL_FETCH: where to write the bytes */
    const char *question;   /* DL_ASK */
    int64_t     max_bytes;  /* DL_FETCH: the most this file may write (what is left of
                               the byte limit; 0: no limit), whatever its listed size */
} DlTodo;                   /* strings belong to the queue, valid until its next call */

/* Reports a skipped or failed item as it happens (error: true when something
 * failed, false for a skip the user should know about); msg is unsanitised
 * (it holds server paths). */
typedef void (*DlReport)(void *ctx, bool error, const char *msg);

typedef struct DlQueue DlQueue;

/* A download of remote (a file, or a folder when is_dir) into folder dest
 * ("~/" expanded, created when missing; "" or NULL is "."), with limits.
 * NULL with a reason in why when remote is unsafe, dest is not a folder and
 * cannot be created, or memory runs out. */
DlQueue *dl_open(const char *remote, bool is_dir, const char *dest, const DlLimits *limits,
                 DlReport report, void *ctx, char *why, size_t whysize);
/* What to do next (see DlStep). Call again after each answer below. */
DlTodo   dl_next(DlQueue *q);
/* The listing asked for by DL_LIST: queues its entries (unsafe ones and ones
 * not directly inside the folder are skipped and reported). */
void     dl_listed(DlQueue *q, const ArtifactList *l);
/* The DL_LIST or DL_FETCH step failed with msg (the partial file goes). */
void     dl_failed(DlQueue *q, const char *msg);
/* The DL_FETCH step completed with `bytes` written to part: renames it to
 * its target (reporting a failure if that fails). */
void     dl_fetched(DlQueue *q, int64_t bytes);
/* The answer to DL_ASK. An overwrite: yes replaces the file, no skips it. A
 * limit: yes lifts that limit for this download, no skips what lies past it. */
void     dl_answer(DlQueue *q, bool yes);
/* Cancels: removes the partial file of a fetch in progress; dl_next is DL_DONE. */
void     dl_cancel(DlQueue *q);
/* "Downloaded 3 files (22.6 KiB), 1 failed, 2 skipped, to DIR"; returns true
 * when something failed. */
bool     dl_summary(const DlQueue *q, char *buf, size_t size);
/* Counts so far. */
int      dl_done_count(const DlQueue *q);
bool     dl_cancelled(const DlQueue *q);
/* Frees q; a partial file still there is removed. NULL is fine. */
void     dl_free(DlQueue *q);

#endif
