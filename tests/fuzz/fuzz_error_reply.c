/* fuzz_error_reply.c — failed replies (parse_error_reply): the first byte picks
 * the HTTP status and content type, the rest is the body. */
#include "fuzz.h"

#include "api/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const long status[] = { 400, 401, 403, 404, 429, 500, 502, 503, 200, 301 };
    static const char *const type[] = { "application/json", "text/plain", "text/html",
                                        NULL, "application/json; charset=utf-8" };
    char line[128];
    Err err;

    if (size < 1)
        return 0;
    parse_error_reply_at(status[data[0] % 10], type[(data[0] / 10) % 5],
                         (const char *)data + 1, size - 1, "/api/2.0/mlflow/runs/search", &err);
    parse_one_line(line, sizeof line, (const char *)data + 1, size - 1, 40);
    {
        char *s = fuzz_cstr(data + 1, size - 1);
        char buf[64];
        parse_metric_string(s);
        parse_flavour(s, s, s, buf, sizeof buf);
        parse_flavour(s, NULL, NULL, buf, sizeof buf);
        free(s);
    }
    return 0;
}
