/* artifacts.c — the artifacts of one run: one folder level at a time (Enter
 * or l descends, h/Left/Backspace/Esc goes up, a breadcrumb shows where),
 * with sizes, and a preview of the file under the cursor in a right-hand
 * pane when the terminal is wide enough (Enter shows it full screen, which
 * is also how narrow terminals preview). Downloads (d, :download [DIR]) copy
 * a file or a whole folder under a destination directory; the queue and every
 * rule about the local files (safe paths, .NAME.mltui-part then rename, no
 * overwrite without a yes, limits on recursion) are in api/download.c, and
 * this view only sends its requests, asks its questions and reports. Esc
 * cancels (the partial file goes).
 *
 * Long because the previews (text, JSON, MLmodel, PNG) still live here with
 * the listing; they are the next thing to move out (see widgets/image.c). */
#include "views/mouse.h"
#include "views/item.h"
#include "views/viewtab.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/artifacts.h"
#include "api/logged_models.h"
#include "api/download.h"
#include "api/mlmodel.h"
#include "core/artifact.h"
#include "core/format.h"
#include "core/text.h"
#include "render/canvas.h"
#include "widgets/draw.h"
#include "widgets/image.h"
#include "widgets/termgfx.h"
#include "widgets/table.h"
#include "views/regwrite.h"

#define PREVIEW_LINES 50000
#define WIDE_COLS     100                  /* side-by-side preview from this width */

enum { TAG_LIST = 1, TAG_PREVIEW, TAG_DL_LIST, TAG_DL_FILE };

/* One line of a preview: a (and b in a second column at a_w) drawn through
 * draw_text, so server text is sanitised. */
typedef struct PLine {
    Role  role;
    int   indent, a_w;   /* a_w: width of column a when b is set */
    char *a, *b;
} PLine;

typedef struct Preview {
    char        *path;        /* the file shown (or being fetched), NULL: none */
    int64_t      size;
    ArtifactKind kind;
    bool         loading;
    uint64_t     req;
    char         note[600];   /* error, or what a binary is */
    PLine       *lines;
    size_t       n, cap, top;
    Canvas      *img;         /* decoded PNG */
    ImageCells  *cells;       /* img as symbols for fit_cols x fit_rows, fit_colors */
    int          fit_cols, fit_rows;
    ImageColors  fit_colors;
} Preview;

/* The download in progress: the queue (api/download.c) says what to do next;
 * the view sends the requests, asks the questions and reports. */
typedef struct Download {
    DlQueue *q;          /* NULL: no download */
    uint64_t req;        /* its list or fetch request in flight, 0 none */
    bool     asking;     /* its yes/no question is open */
} Download;

typedef struct ArtView {
    View          base;
    char         *run_id, *run_name, *artifact_uri;
    char         *model_id;   /* MLflow 3 logged model (run_id: its source run), or NULL */
    char         *dir;        /* current folder, "" = root */
    ArtifactList *list;
    bool          loading;
    uint64_t      list_req;
    Table         tbl;
    bool          wide, full; /* side pane shown; preview full screen */
    int           name_cap;   /* widest the Name column may be (columns) */
    char         *select;     /* entry to put the cursor on after a load */
    Preview       pv;
    Download      dl;
} ArtView;

/* ---- helpers ---- */

/* ---- requests: a run's artifacts, or a logged model's ---- */

static uint64_t list_req(ArtView *av, App *app, int tag, const char *path)
{
    if (av->model_id)
        return lm_artifacts_list(app_api(app), av->base.id, av->base.gen, tag, av->model_id,
                                 path);
    return artifacts_list(app_api(app), av->base.id, av->base.gen, tag, av->run_id, path);
}

static uint64_t get_req(ArtView *av, App *app, int tag, const char *path, const char *save_to,
                        const char *label, int64_t max_save)
{
    size_t cap = max_save > 0 ? (size_t)max_save : 0;

    if (av->model_id)
        return lm_file_save(app_api(app), av->base.id, av->base.gen, tag, av->model_id,
                            av->artifact_uri, path, save_to, cap);
    return artifacts_save(app_api(app), av->base.id, av->base.gen, tag, av->run_id,
                          av->artifact_uri, path, save_to, label, cap);
}

static bool at_root(const ArtView *av)
{
    return av->dir[0] == '\0';
}

static size_t n_rows(const ArtView *av)
{
    return (av->list ? av->list->n : 0) + (at_root(av) ? 0 : 1);
}

/* The entry of table row i, NULL for the ".." row. */
static const ArtifactEntry *row_entry(const ArtView *av, size_t i)
{
    if (!at_root(av)) {
        if (i == 0)
            return NULL;
        i--;
    }
    return av->list && i < av->list->n ? &av->list->items[i] : NULL;
}

static const ArtifactEntry *cur_entry(const ArtView *av)
{
    return n_rows(av) ? row_entry(av, av->tbl.cursor) : NULL;
}

static const char *entry_name(const ArtView *av, const ArtifactEntry *e)
{
    const char *b = artifact_below(av->dir, e->path);
    return b ? b : e->path;   /* not below the folder: show it whole */
}

/* ---- preview ---- */

static void pv_clear_lines(Preview *pv)
{
    for (size_t i = 0; i < pv->n; i++) {
        free(pv->lines[i].a);
        free(pv->lines[i].b);
    }
    pv->n = 0;
    pv->top = 0;
}

static void pv_reset(Preview *pv, Api *api)
{
    /* A small preview in flight is left to finish (its reply is ignored):
     * cancelling says "Cancelled" on the status line at every cursor move. */
    if (pv->req && api && (pv->size < 0 || pv->size > ((int64_t)256 << 10)))
        api_cancel(api, pv->req);
    pv->req = 0;
    pv_clear_lines(pv);
    free(pv->path);
    pv->path = NULL;
    canvas_free(pv->img);
    image_cells_free(pv->cells);
    pv->img = NULL;
    pv->cells = NULL;
    pv->loading = false;
    pv->note[0] = '\0';
}

static void pv_add(Preview *pv, Role role, int indent, const char *a, size_t alen,
                   const char *b, int a_w)
{
    if (pv->n >= PREVIEW_LINES)
        return;
    if (pv->n == pv->cap) {
        size_t cap = pv->cap ? pv->cap * 2 : 64;
        PLine *n = realloc(pv->lines, cap * sizeof *n);
        if (!n)
            return;
        pv->lines = n;
        pv->cap = cap;
    }
    PLine *l = &pv->lines[pv->n];
    l->role = role;
    l->indent = indent;
    l->a_w = a_w;
    l->a = strndup(a ? a : "", a ? alen : 0);
    l->b = b ? strdup(b) : NULL;
    if (!l->a || (b && !l->b)) {
        free(l->a);
        free(l->b);
        return;
    }
    pv->n++;
}

static void pv_line(Preview *pv, Role role, int indent, const char *a)
{
    pv_add(pv, role, indent, a, strlen(a), NULL, 0);
}

static void pv_field(Preview *pv, const char *k, const char *v, int kw)
{
    pv_add(pv, ROLE_KEY, 2, k, strlen(k), v ? v : "", kw);
}

static void pv_text(Preview *pv, const char *text, size_t len)
{
    const char *p = text, *end = text + len;

    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        if (n && p[n - 1] == '\r')
            n--;
        pv_add(pv, ROLE_NORMAL, 0, p, n, NULL, 0);
        if (!nl)
            break;
        p = nl + 1;
    }
}

static void pv_signature(Preview *pv, const char *title, const char *json)
{
    SigColumn *c;
    long n = artifacts_parse_signature(json, &c);
    char head[96];
    int w = 4;

    if (n < 0) {
        snprintf(head, sizeof head, "Signature %s: not a column list", title);
        pv_line(pv, ROLE_SECTION, 0, head);
        pv_line(pv, ROLE_DIM, 2, json);
        return;
    }
    snprintf(head, sizeof head, "Signature %s (%ld)", title, n);
    pv_line(pv, ROLE_SECTION, 0, head);
    for (long i = 0; i < n; i++) {
        char buf[256];
        int tw = text_fit(c[i].name, 40, buf, sizeof buf);
        if (tw > w)
            w = tw;
    }
    pv_add(pv, ROLE_HEADER, 2, "Name", 4, "Type", w + 2);
    for (long i = 0; i < n; i++)
        pv_add(pv, ROLE_NORMAL, 2, c[i].name[0] ? c[i].name : "-",
               strlen(c[i].name[0] ? c[i].name : "-"), c[i].type, w + 2);
    sig_columns_free(c, (size_t)n);
    pv_line(pv, ROLE_NORMAL, 0, "");
}

static void pv_mlmodel(Preview *pv, const char *text, size_t len)
{
    MlModelInfo m;
    char flav[512] = "";

    if (mlmodel_parse(text, len, &m, NULL) != 0) {
        pv_text(pv, text, len);
        return;
    }
    pv_line(pv, ROLE_SECTION, 0, "Model");
    for (size_t i = 0; i < m.n_flavors; i++)
        snprintf(flav + strlen(flav), sizeof flav - strlen(flav), "%s%s", i ? ", " : "",
                 m.flavors[i]);
    pv_field(pv, "flavors", flav, 18);
    if (m.loader_module)
        pv_field(pv, "loader_module", m.loader_module, 18);
    if (m.artifact_path)
        pv_field(pv, "artifact_path", m.artifact_path, 18);
    if (m.run_id)
        pv_field(pv, "run_id", m.run_id, 18);
    if (m.utc_time_created)
        pv_field(pv, "created (UTC)", m.utc_time_created, 18);
    if (m.mlflow_version)
        pv_field(pv, "mlflow_version", m.mlflow_version, 18);
    pv_line(pv, ROLE_NORMAL, 0, "");
    if (m.sig_inputs)
        pv_signature(pv, "inputs", m.sig_inputs);
    if (m.sig_outputs)
        pv_signature(pv, "outputs", m.sig_outputs);
    if (m.sig_params)
        pv_signature(pv, "params", m.sig_params);
    if (!m.sig_inputs && !m.sig_outputs) {
        pv_line(pv, ROLE_DIM, 0, "No signature.");
        pv_line(pv, ROLE_NORMAL, 0, "");
    }
    pv_line(pv, ROLE_SECTION, 0, "MLmodel");
    pv_text(pv, text, len);
    mlmodel_free(&m);
}

static void pv_fill(Preview *pv, const char *data, size_t len)
{
    char err[200];

    pv->kind = artifact_kind(pv->path, data, len);
    switch (pv->kind) {
    case AK_PNG:
        pv->img = canvas_read_png_mem(data, len, err, sizeof err);
        if (!pv->img)
            snprintf(pv->note, sizeof pv->note, "Cannot show this PNG: %s", err);
        break;
    case AK_JSON: {
        char *p = artifacts_json_pretty(data, len);
        if (p) {
            pv_text(pv, p, strlen(p));
            free(p);
        } else {
            pv_text(pv, data, len);
        }
        break;
    }
    case AK_MLMODEL:
        pv_mlmodel(pv, data, len);
        break;
    case AK_TEXT:
    case AK_YAML:
        pv_text(pv, data, len);
        break;
    case AK_BINARY:
        snprintf(pv->note, sizeof pv->note, "%s: no preview (d downloads it)",
                 artifact_type_name(pv->path, data, len));
        break;
    }
}

/* Fetches the preview of entry e unless it is already shown. */
static void pv_request(ArtView *av, App *app, const ArtifactEntry *e)
{
    Preview *pv = &av->pv;

    if (!e || e->is_dir) {
        pv_reset(pv, app_api(app));
        return;
    }
    if (pv->path && strcmp(pv->path, e->path) == 0)
        return;
    pv_reset(pv, app_api(app));
    pv->path = strdup(e->path);
    if (!pv->path)
        return;
    pv->size = e->size;
    pv->kind = artifact_kind(e->path, NULL, 0);
    /* Listed past what a preview reads (4 MiB text, 32 MiB PNG): not fetched. */
    if (e->size > (int64_t)artifacts_preview_budget(e->path)) {
        char sz[32];
        snprintf(pv->note, sizeof pv->note, "%s: too big to preview (d downloads it)",
                 fmt_bytes((uint64_t)e->size, sz, sizeof sz));
        return;
    }
    pv->loading = true;
    pv->req = get_req(av, app, TAG_PREVIEW, e->path, NULL, NULL, 0);
}

/* In the side-by-side layout the preview follows the cursor. */
static void sync_preview(ArtView *av, App *app)
{
    if (av->wide || av->full)
        pv_request(av, app, cur_entry(av));
}

/* ---- listing ---- */

static void load(ArtView *av, App *app)
{
    if (av->list_req)
        api_cancel(app_api(app), av->list_req);
    av->loading = true;
    av->list_req = list_req(av, app, TAG_LIST, av->dir);
    av->base.req = av->list_req;   /* Esc cancels the load and stays in the view */
}

static void go_to(ArtView *av, App *app, const char *dir, const char *select)
{
    char *d = strdup(dir), *sel = select ? strdup(select) : NULL;   /* select may be av->dir */

    if (!d) {
        free(sel);
        return;
    }
    free(av->dir);
    av->dir = d;
    free(av->select);
    av->select = sel;
    artifact_list_free(av->list);
    av->list = NULL;
    av->tbl.cursor = av->tbl.top = 0;
    av->full = false;
    pv_reset(&av->pv, app_api(app));
    load(av, app);
}

static void go_up(ArtView *av, App *app)
{
    char *parent = strdup(av->dir), *slash;

    if (!parent)
        return;
    slash = strrchr(parent, '/');
    if (slash)
        *slash = '\0';
    else
        parent[0] = '\0';
    go_to(av, app, parent, av->dir);
    free(parent);
}

/* ---- downloads ---- */

static void dl_report(void *ctx, bool error, const char *msg)
{
    App *app = ctx;

    if (error)
        app_error(app, "%s", msg);
    else
        app_message(app, "%s", msg);
}

static void dl_end(ArtView *av, App *app)
{
    char msg[PATH_MAX + 200];

    if (!av->dl.q)
        return;
    if (dl_summary(av->dl.q, msg, sizeof msg))
        app_error(app, "%s", msg);
    else
        app_message(app, "%s", msg);
    dl_free(av->dl.q);
    memset(&av->dl, 0, sizeof av->dl);
}

static void dl_step(ArtView *av, App *app);

static int dl_answered(View *v, App *app, void *ctx, int choice)
{
    ArtView *av = (ArtView *)v;
    (void)ctx;
    (void)choice;
    if (!av->dl.q || !av->dl.asking)
        return R_NONE;
    av->dl.asking = false;
    dl_answer(av->dl.q, true);
    dl_step(av, app);
    return R_REDRAW;
}

/* Does what the queue asks next: a request, a question, or the end. */
static void dl_step(ArtView *av, App *app)
{
    DlTodo t = dl_next(av->dl.q);
    char label[300];

    switch (t.step) {
    case DL_LIST:
        av->dl.req = list_req(av, app, TAG_DL_LIST, t.remote);
        av->base.req = av->dl.req;   /* Esc cancels it */
        break;
    case DL_FETCH:
        snprintf(label, sizeof label, "Downloading %.200s (%d done)", t.local,
                 dl_done_count(av->dl.q));
        av->dl.req = get_req(av, app, TAG_DL_FILE, t.remote, t.part, label, t.max_bytes);
        av->base.req = av->dl.req;
        break;
    case DL_ASK:
        av->dl.req = 0;
        av->dl.asking = true;
        app_confirm(app, &av->base, "Download", t.question, dl_answered, NULL);
        break;
    case DL_DONE:
        dl_end(av, app);
        break;
    }
}

/* The answer "no" (or Esc) closes the dialog without calling dl_answered:
 * noticed here. */
static void dl_check_dialog(ArtView *av, App *app)
{
    if (av->dl.q && av->dl.asking && !app_modal(app)) {
        av->dl.asking = false;
        dl_answer(av->dl.q, false);
        dl_step(av, app);
    }
}

/* Starts downloading entry e into directory dest. */
static int dl_start(ArtView *av, App *app, const ArtifactEntry *e, const char *dest)
{
    char why[PATH_MAX + 200];

    if (av->dl.q) {
        app_error(app, "A download is already running (Esc cancels it)");
        return R_REDRAW;
    }
    av->dl.q = dl_open(e->path, e->is_dir, dest, &dl_default_limits, dl_report, app, why,
                       sizeof why);
    if (!av->dl.q) {
        app_error(app, "%s", why);
        return R_REDRAW;
    }
    dl_step(av, app);
    return R_REDRAW;
}

/* A reply to the download's list or fetch request. */
static void dl_on_result(ArtView *av, App *app, ApiResult *r)
{
    if (!av->dl.q || r->req_id != av->dl.req)
        return;
    av->dl.req = 0;
    if (r->err.kind == ERR_CANCELLED) {
        dl_cancel(av->dl.q);
        dl_end(av, app);
        return;
    }
    if (r->err.kind != ERR_OK) {
        dl_failed(av->dl.q, r->err.message);
    } else if (r->tag == TAG_DL_FILE) {
        dl_fetched(av->dl.q, r->saved);
    } else {
        ArtifactList *l = artifact_list_new();
        Err e;
        if (!l || artifacts_parse_list(r->body, r->body_len, l, &e) != 0)
            dl_failed(av->dl.q, l ? e.message : "out of memory");
        else
            dl_listed(av->dl.q, l);
        artifact_list_free(l);
    }
    dl_step(av, app);
}

static int submit_download(View *v, App *app, const char *text)
{
    ArtView *av = (ArtView *)v;
    const ArtifactEntry *e = cur_entry(av);

    if (av->full && av->pv.path) {
        ArtifactEntry pe = { .path = av->pv.path, .is_dir = false, .size = av->pv.size };
        return dl_start(av, app, &pe, text);
    }
    if (!e) {
        app_error(app, "Nothing to download here");
        return R_REDRAW;
    }
    return dl_start(av, app, e, text);
}

static int ask_download(ArtView *av, App *app)
{
    const ArtifactEntry *e = cur_entry(av);
    const char *name = av->full && av->pv.path ? av->pv.path : e ? e->path : NULL;
    char cwd[PATH_MAX], label[200], shown[120];

    if (!name) {
        app_error(app, "Move to a file or folder to download it");
        return R_REDRAW;
    }
    if (!getcwd(cwd, sizeof cwd))
        snprintf(cwd, sizeof cwd, ".");
    text_fit(artifact_basename(name), 40, shown, sizeof shown);
    snprintf(label, sizeof label, "Download %s%s into: ", shown,
             !av->full && e && e->is_dir ? "/" : "");
    app_prompt(app, &av->base, label, cwd, submit_download, NULL);
    return R_REDRAW;
}

/* ---- drawing ---- */

static int ac_width(void *ctx, size_t c)
{
    ArtView *av = ctx;
    int w = 12;
    if (c == 1)
        return 11;
    for (size_t i = 0; av->list && i < av->list->n && i < 2000; i++) {
        char buf[256];
        int tw = text_fit(entry_name(av, &av->list->items[i]), 60, buf, sizeof buf) + 1;
        if (tw > w)
            w = tw;
    }
    return av->name_cap > 0 && w > av->name_cap ? av->name_cap : w;
}

static bool ac_right(void *ctx, size_t c)
{
    (void)ctx;
    return c == 1;
}

static void ac_header(void *ctx, size_t c, char *buf, size_t size, Role *role)
{
    (void)ctx;
    (void)role;
    snprintf(buf, size, "%s", c == 0 ? "Name" : "Size");
}

static void ac_cell(void *ctx, size_t row, size_t c, char *buf, size_t size, Role *role)
{
    ArtView *av = ctx;
    const ArtifactEntry *e = row_entry(av, row);

    if (!e) {
        snprintf(buf, size, "%s", c == 0 ? "../" : "");
        *role = ROLE_DIM;
        return;
    }
    if (c == 0) {
        snprintf(buf, size, "%s%s", entry_name(av, e), e->is_dir ? "/" : "");
        if (e->is_dir)
            *role = ROLE_KEY;
    } else if (e->is_dir) {
        snprintf(buf, size, "-");
        *role = ROLE_DIM;
    } else if (e->size < 0) {
        snprintf(buf, size, "?");
        *role = ROLE_DIM;
    } else {
        fmt_bytes((uint64_t)e->size, buf, size);
        *role = ROLE_NUMBER;
    }
}

static TableSrc source(ArtView *av)
{
    TableSrc s = {
        .ctx = av, .n_rows = n_rows(av), .n_cols = 2, .pinned = 1,
        .width = ac_width, .right = ac_right, .header = ac_header, .cell = ac_cell,
    };
    return s;
}

/* The PNG in rows x cols at y, x of w, as the images setting says: through
 * the terminal's pixel protocol (widgets/termgfx.h: written after curses has
 * drawn this frame), as chafa's symbols, or not at all. */
static void draw_picture(Preview *pv, App *app, WINDOW *w, int y, int x, int rows, int cols)
{
    ImageMode m = app_image_mode(app);
    ImageColors colors;
    int by, bx;

    if (m == IMAGES_OFF) {
        draw_text(w, y, x, "Pictures are off (:images symbols, or auto, shows them).", cols,
                  ROLE_DIM, false);
        return;
    }
    if (m == IMAGES_KITTY || m == IMAGES_SIXEL) {
        getbegyx(w, by, bx);
        termgfx_place(pv->img, pv->req, by + y, bx + x, rows, cols);
        return;
    }
    colors = image_terminal_colors();
    if (!pv->cells || pv->fit_cols != cols || pv->fit_rows != rows || pv->fit_colors != colors) {
        image_cells_free(pv->cells);
        pv->cells = image_render(pv->img, cols, rows, colors, image_terminal_unicode());
        pv->fit_cols = cols;
        pv->fit_rows = rows;
        pv->fit_colors = colors;
    }
    if (pv->cells)
        image_cells_draw(w, y, x, pv->cells);
}

static void draw_preview(ArtView *av, App *app, WINDOW *w, int y, int x, int rows, int cols)
{
    Preview *pv = &av->pv;
    char head[512], sz[32];

    if (rows <= 0 || cols <= 0)
        return;
    for (int i = 0; i < rows; i++)
        draw_fill(w, y + i, x, cols, ROLE_NORMAL);
    if (!pv->path) {
        const ArtifactEntry *e = cur_entry(av);
        draw_text(w, y, x, e && e->is_dir ? "A folder: Enter opens it, d downloads it."
                                          : av->loading ? "Loading…" : "",
                  cols, ROLE_DIM, false);
        return;
    }
    if (pv->img)
        snprintf(head, sizeof head, "%s  %dx%d PNG, %s", pv->path, pv->img->w, pv->img->h,
                 fmt_bytes((uint64_t)(pv->size < 0 ? 0 : pv->size), sz, sizeof sz));
    else if (pv->size >= 0)
        snprintf(head, sizeof head, "%s  %s", pv->path, fmt_bytes((uint64_t)pv->size, sz,
                                                                   sizeof sz));
    else
        snprintf(head, sizeof head, "%s", pv->path);
    draw_text(w, y, x, head, cols, ROLE_SECTION, true);
    y++;
    rows--;
    if (pv->loading) {
        draw_text(w, y, x, "Loading…", cols, ROLE_DIM, false);
        return;
    }
    if (pv->note[0]) {
        draw_text(w, y, x, pv->note, cols, ROLE_DIM, false);
        return;
    }
    if (pv->img) {
        draw_picture(pv, app, w, y, x, rows, cols);
        return;
    }
    if (pv->n > (size_t)rows && pv->top > pv->n - (size_t)rows)
        pv->top = pv->n - (size_t)rows;
    for (int i = 0; i < rows && pv->top + (size_t)i < pv->n; i++) {
        const PLine *l = &pv->lines[pv->top + (size_t)i];
        int ind = l->indent < cols ? l->indent : 0;
        if (l->b) {
            int aw = l->a_w < cols - ind ? l->a_w : cols - ind;
            draw_text(w, y + i, x + ind, l->a, aw - 1, l->role, false);
            if (ind + aw < cols)
                draw_text(w, y + i, x + ind + aw, l->b, cols - ind - aw,
                          l->role == ROLE_KEY ? ROLE_NORMAL : l->role, false);
        } else {
            draw_text(w, y + i, x + ind, l->a, cols - ind, l->role, false);
        }
    }
}

static void av_draw(View *v, App *app, WINDOW *w, int rows, int cols)
{
    ArtView *av = (ArtView *)v;
    TableSrc s = source(av);
    char info[600], n[32];
    bool was_wide = av->wide;

    dl_check_dialog(av, app);
    av->wide = cols >= WIDE_COLS;
    if (av->wide && !was_wide)
        sync_preview(av, app);
    fmt_count(av->list ? av->list->n : 0, n, sizeof n);
    snprintf(info, sizeof info, " Artifacts  /%s%s  %s item%s%s", av->dir, at_root(av) ? "" : "/",
             n, av->list && av->list->n == 1 ? "" : "s", av->loading ? "  loading…" : "");
    draw_text(w, 0, 0, info, cols, ROLE_SECTION, true);
    if (rows < 3)
        return;
    if (av->full) {
        draw_preview(av, app, w, 1, 0, rows - 1, cols);
        return;
    }
    int lw = cols;
    av->name_cap = 0;
    if (av->wide) {   /* the list as wide as its names, the rest for the preview */
        lw = ac_width(av, 0) + ac_width(av, 1) + 5;
        if (lw < 30) lw = 30;
        if (lw > cols / 2) lw = cols / 2;
    }
    av->name_cap = lw - 16 > 12 ? lw - 16 : 12;   /* sizes stay in view */
    table_draw(&av->tbl, &s, w, 1, 0, rows - 1, lw);
    if (!av->loading && av->list && av->list->n == 0)
        draw_text(w, at_root(av) ? 2 : 3, 2, at_root(av) ? "This run has no artifacts."
                                                         : "This folder is empty.",
                  lw - 2, ROLE_DIM, false);
    if (av->wide) {
        for (int y = 1; y < rows; y++)
            draw_raw(w, y, lw, "│", ROLE_DIM);
        draw_preview(av, app, w, 1, lw + 2, rows - 1, cols - lw - 2);
    }
}

/* ---- actions ---- */

static int open_entry(ArtView *av, App *app)
{
    const ArtifactEntry *e;

    if (n_rows(av) == 0)
        return R_NONE;
    e = cur_entry(av);
    if (!e) {   /* ".." */
        go_up(av, app);
        return R_REDRAW;
    }
    if (e->is_dir) {
        go_to(av, app, e->path, NULL);
        return R_REDRAW;
    }
    av->full = true;
    pv_request(av, app, e);
    return R_REDRAW;
}

static int av_handle(View *v, App *app, Action a)
{
    ArtView *av = (ArtView *)v;
    TableSrc s = source(av);

    dl_check_dialog(av, app);
    if (av->full) {
        Preview *pv = &av->pv;
        size_t page = 10;
        switch (a) {
        case ACT_UP:        if (pv->top) pv->top--; return R_REDRAW;
        case ACT_DOWN:      if (pv->top + 1 < pv->n) pv->top++; return R_REDRAW;
        case ACT_PAGE_UP:   case ACT_HALF_UP:
            pv->top = pv->top > page ? pv->top - page : 0; return R_REDRAW;
        case ACT_PAGE_DOWN: case ACT_HALF_DOWN:
            pv->top += page; if (pv->top >= pv->n) pv->top = pv->n ? pv->n - 1 : 0;
            return R_REDRAW;
        case ACT_HOME:      pv->top = 0; return R_REDRAW;
        case ACT_END:       pv->top = pv->n ? pv->n - 1 : 0; return R_REDRAW;
        case ACT_OPEN: case ACT_BACK: case ACT_LEFT:
            av->full = false;
            if (!av->wide)
                pv_reset(pv, app_api(app));
            return R_REDRAW;
        case ACT_DOWNLOAD:  return ask_download(av, app);
        default:            return R_UNKNOWN;
        }
    }
    switch (a) {
    case ACT_LEFT:
        if (!at_root(av))
            go_up(av, app);
        return R_REDRAW;
    case ACT_RIGHT: {
        const ArtifactEntry *e = cur_entry(av);
        if (e && e->is_dir)
            go_to(av, app, e->path, NULL);
        return R_REDRAW;
    }
    case ACT_BACK:
        if (at_root(av))
            return R_UNKNOWN;
        go_up(av, app);
        return R_REDRAW;
    case ACT_OPEN:
        return open_entry(av, app);
    case ACT_DOWNLOAD:
        return ask_download(av, app);
    case ACT_REGISTER:
        /* The register flow lists the run's MLmodel folders itself. */
        if (av->model_id)
            regw_register_logged_model(app, v, av->model_id, av->run_name, av->run_id, NULL,
                                       NULL);
        else
            regw_register(app, v, av->run_id, av->run_name, av->artifact_uri, NULL);
        return R_REDRAW;
    case ACT_RELOAD:
        go_to(av, app, av->dir, NULL);
        return R_REDRAW;
    case ACT_COPY_ID: {
        const ArtifactEntry *e = cur_entry(av);
        app_message(app, "%s %s, artifact %s", av->model_id ? "Logged model" : "Run",
                    av->model_id ? av->model_id : av->run_id, e ? e->path : av->dir);
        return R_REDRAW;
    }
    default:
        break;
    }
    if (table_move(&av->tbl, &s, a)) {
        av->tbl.col = 0;
        sync_preview(av, app);
        return R_REDRAW;
    }
    return R_UNKNOWN;
}

static void av_on_result(View *v, App *app, ApiResult *r)
{
    ArtView *av = (ArtView *)v;
    Err e;

    if (r->kind != REQ_CALL || regw_on_result(v, app, r) != RW_NOT_MINE)
        return;
    switch (r->tag) {
    case TAG_LIST: {
        if (r->req_id != av->list_req)
            return;
        av->list_req = 0;
        av->loading = false;
        if (av->dl.q && av->dl.req)
            av->base.req = av->dl.req;   /* Esc goes back to cancelling the download */
        if (r->err.kind != ERR_OK) {
            if (r->err.kind != ERR_CANCELLED)
                app_error(app, "Artifacts: %s", r->err.message);
            return;
        }
        ArtifactList *l = artifact_list_new();
        if (!l || artifacts_parse_list(r->body, r->body_len, l, &e) != 0) {
            app_error(app, "Artifacts: %s", l ? e.message : "out of memory");
            artifact_list_free(l);
            return;
        }
        if (l->dropped)
            app_error(app, "Artifacts: the server listed %zu entries here; showing the first %zu",
                      l->n + l->dropped, l->n);
        artifact_list_sort(l);
        artifact_list_free(av->list);
        av->list = l;
        av->tbl.cursor = at_root(av) || l->n == 0 ? 0 : 1;
        for (size_t i = 0; av->select && i < l->n; i++)
            if (strcmp(l->items[i].path, av->select) == 0)
                av->tbl.cursor = i + (at_root(av) ? 0 : 1);
        free(av->select);
        av->select = NULL;
        sync_preview(av, app);
        break;
    }
    case TAG_PREVIEW:
        if (r->req_id != av->pv.req)
            return;
        av->pv.req = 0;
        av->pv.loading = false;
        if (r->err.kind != ERR_OK) {
            snprintf(av->pv.note, sizeof av->pv.note, "%s",
                     r->err.kind == ERR_CANCELLED ? "Cancelled" : r->err.message);
            return;
        }
        if (av->pv.size < 0)
            av->pv.size = (int64_t)r->body_len;
        pv_fill(&av->pv, r->body ? r->body : "", r->body_len);
        break;
    case TAG_DL_LIST:
    case TAG_DL_FILE:
        dl_on_result(av, app, r);
        break;
    }
}

static int av_command(View *v, App *app, int argc, char **argv)
{
    ArtView *av = (ArtView *)v;

    if (strcmp(argv[0], "download") == 0) {
        if (argc < 2)
            return ask_download(av, app);
        return submit_download(v, app, app_command_rest(app));
    }
    return R_UNKNOWN;
}

static void av_start(View *v, App *app)
{
    load((ArtView *)v, app);
}

static void av_title(View *v, char *buf, size_t size)
{
    ArtView *av = (ArtView *)v;
    snprintf(buf, size, "artifacts%s%s", at_root(av) ? "" : ":", av->dir);
}

static void av_destroy(View *v)
{
    ArtView *av = (ArtView *)v;

    /* A download still running: its transfer is cancelled by the app (owner
     * gone); dl_free removes the partial file. */
    dl_free(av->dl.q);
    pv_reset(&av->pv, NULL);
    free(av->pv.lines);
    artifact_list_free(av->list);
    free(av->run_id);
    free(av->run_name);
    free(av->model_id);
    free(av->artifact_uri);
    free(av->dir);
    free(av->select);
    free(av);
}

static const Action av_actions[] = {
    ACT_UP, ACT_DOWN, ACT_PAGE_UP, ACT_PAGE_DOWN, ACT_HALF_UP, ACT_HALF_DOWN, ACT_HOME, ACT_END,
    ACT_OPEN, ACT_LEFT, ACT_RIGHT, ACT_BACK, ACT_DOWNLOAD, ACT_REGISTER, ACT_RELOAD, ACT_COPY_ID, ACT_YANK, ACT_YANK_URI, ACT_WEB,
    ACT_PROMPT, ACT_ERRORS, ACT_REDRAW, ACT_HELP, ACT_QUIT, ACT_NONE,
};
static const Action av_hints[] = { ACT_OPEN, ACT_DOWNLOAD, ACT_BACK, ACT_NONE };
static bool av_item(View *v, ItemRef *out)
{
    ArtView *av = (ArtView *)v;
    const ArtifactEntry *e = cur_entry(av);

    if (av->model_id) {
        if (e)
            item_model_artifact(out, av->model_id, av->artifact_uri, e->path);
        else
            item_logged_model(out, NULL, av->model_id);
        return true;
    }
    if (!e || !av->run_id)
        return false;
    item_artifact(out, NULL, av->run_id, e->path);
    return true;
}

static int av_click(View *v, App *app, int y, int x, bool twice)
{
    return view_click_table(v, app, &((ArtView *)v)->tbl, y, x, twice);
}

const ViewOps artifacts_view_ops = {
    .click = av_click,
    .item = av_item,
    .name      = "artifacts",
    .actions   = av_actions,
    .hints     = av_hints,
    .start     = av_start,
    .draw      = av_draw,
    .handle    = av_handle,
    .on_result = av_on_result,
    .command   = av_command,
    .title     = av_title,
    .destroy   = av_destroy,
};

static View *artifacts_view_new(App *app, const char *run_id, const char *run_name,
                         const char *artifact_uri)
{
    ArtView *av = calloc(1, sizeof *av);

    (void)app;
    if (!av)
        return NULL;
    av->base.ops = &artifacts_view_ops;
    av->run_id = strdup(run_id ? run_id : "");
    av->run_name = strdup(run_name ? run_name : "");
    av->artifact_uri = strdup(artifact_uri ? artifact_uri : "");
    av->dir = strdup("");
    if (!av->run_id || !av->run_name || !av->artifact_uri || !av->dir) {
        av_destroy(&av->base);
        return NULL;
    }
    return &av->base;
}

View *artifacts_view_open(App *app, const ViewArgs *a)
{
    View *v;
    ArtView *av;

    if (!(a->run_id) && !(a->model_id))
        return NULL;
    v = artifacts_view_new(app, a->run_id, a->run_name, a->artifact_uri);
    av = (ArtView *)v;
    if (v && a->model_id && !(av->model_id = strdup(a->model_id))) {
        av_destroy(v);
        return NULL;
    }
    return v;
}
