/* err.c — see err.h. */
#include "core/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void err_clear(Err *e)
{
    memset(e, 0, sizeof *e);
}

void err_set(Err *e, ErrKind kind, const char *fmt, ...)
{
    va_list ap;

    err_clear(e);
    e->kind = kind;
    va_start(ap, fmt);
    vsnprintf(e->message, sizeof e->message, fmt, ap);
    va_end(ap);
}

const char *err_kind_name(ErrKind k)
{
    switch (k) {
    case ERR_OK:        return "ok";
    case ERR_TRANSPORT: return "connection";
    case ERR_TIMEOUT:   return "timeout";
    case ERR_UNKNOWN_OUTCOME: return "unknown outcome";
    case ERR_HTTP:      return "http";
    case ERR_SERVER:    return "server";
    case ERR_AUTH:      return "auth";
    case ERR_PARSE:     return "parse";
    case ERR_CANCELLED: return "cancelled";
    case ERR_NOMEM:     return "memory";
    }
    return "?";
}
