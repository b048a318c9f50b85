/* err.h — one error value for every failure the API layer can report. */
#ifndef MLTUI_ERR_H
#define MLTUI_ERR_H

typedef enum {
    ERR_OK = 0,
    ERR_TRANSPORT,   /* connection refused, DNS, TLS, reset: no HTTP reply */
    ERR_TIMEOUT,     /* no complete reply in time */
    ERR_UNKNOWN_OUTCOME, /* a write was sent but no complete reply came back (reset,
                            close, timeout): the server may or may not have applied it */
    ERR_HTTP,        /* an HTTP status >= 400 without an MLflow error body */
    ERR_SERVER,      /* MLflow {error_code, message} body */
    ERR_AUTH,        /* 401 / 403: credentials missing, wrong or not allowed */
    ERR_PARSE,       /* reply body is not what MLflow sends */
    ERR_CANCELLED,   /* cancelled by the user (Esc) or because its view went away */
    ERR_NOMEM,
} ErrKind;

typedef struct Err {
    ErrKind kind;
    int     http_status;   /* 0 when no HTTP reply arrived */
    char    code[48];      /* MLflow error_code, e.g. "INVALID_PARAMETER_VALUE", or "" */
    char    message[512];  /* one readable line (unsanitised server text may be inside:
                              sanitise before drawing); says what to do where we can */
} Err;

/* Sets e to kind with a printf-style message; code and status are cleared. */
void err_set(Err *e, ErrKind kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void err_clear(Err *e);
const char *err_kind_name(ErrKind k);

#endif
