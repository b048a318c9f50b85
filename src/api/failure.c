/* failure.c — a failed transfer said in one readable line: what went wrong,
 * and for a write whether it may have reached the server (unknown outcome)
 * or certainly did not (nothing was changed). */
#include "api/transport.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* The path part of r's URL, for messages ("/mlflow/api/2.0/mlflow/runs/search"). */
const char *transport_url_path(const Req *r)
{
    const char *p = strstr(r->url, "://");

    p = p ? strchr(p + 3, '/') : NULL;
    return p ? p : r->url;
}

/* Whether a failed transfer of r may have reached the server: some request
 * bytes went out (or, conservatively, a connection was made and the failure
 * was not in setting it up). */
static bool request_was_sent(const Req *r, CURLcode rc)
{
    long req_size = 0;
    curl_off_t up = 0;

    switch (rc) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
    case CURLE_OUT_OF_MEMORY:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_PEER_FAILED_VERIFICATION:
        return false;
    default:
        break;
    }
    curl_easy_getinfo(r->easy, CURLINFO_REQUEST_SIZE, &req_size);
    curl_easy_getinfo(r->easy, CURLINFO_SIZE_UPLOAD_T, &up);
    if (req_size > 0 || up > 0)
        return true;
    if (rc == CURLE_OPERATION_TIMEDOUT) {
        double ct = 0;
        curl_easy_getinfo(r->easy, CURLINFO_CONNECT_TIME, &ct);
        return ct > 0;   /* connected, then no reply in time: bytes may be out */
    }
    return false;
}

void transport_describe_error(const Api *api, const Req *r, CURLcode rc, Err *e)
{
    long oserr = 0;
    const char *what = curl_easy_strerror(rc);

    curl_easy_getinfo(r->easy, CURLINFO_OS_ERRNO, &oserr);
    if (r->is_write && !r->save_failed && request_was_sent(r, rc)) {
        err_set(e, ERR_UNKNOWN_OUTCOME, "%s %.200s was sent to %.200s but no complete reply "
                "came back (%s): the server may or may not have applied it",
                r->method ? r->method : "POST", transport_url_path(r), api->base_url, what);
        return;
    }
    switch (rc) {
    case CURLE_COULDNT_CONNECT:
        if (oserr == ECONNREFUSED)
            err_set(e, ERR_TRANSPORT, "Cannot connect to %.300s: connection refused "
                    "\xe2\x80\x94 is the server running?", api->base_url);
        else
            err_set(e, ERR_TRANSPORT, "Cannot connect to %.300s: %s \xe2\x80\x94 is the "
                    "server running, is the URI right?", api->base_url,
                    oserr ? strerror((int)oserr) : what);
        break;
    case CURLE_COULDNT_RESOLVE_HOST:
        err_set(e, ERR_TRANSPORT, "Cannot resolve the host of %.300s \xe2\x80\x94 check "
                "MLFLOW_TRACKING_URI", api->base_url);
        break;
    case CURLE_OPERATION_TIMEDOUT: {
        double ct = 0;
        curl_easy_getinfo(r->easy, CURLINFO_CONNECT_TIME, &ct);
        if (ct <= 0)
            err_set(e, ERR_TIMEOUT, "Timed out connecting to %.300s after %.1f s",
                    api->base_url, (double)api->connect_timeout_ms / 1000.0);
        else
            err_set(e, ERR_TIMEOUT, "No complete reply to %s within %.1f s (page %d) "
                    "\xe2\x80\x94 the server may be overloaded", r->endpoint,
                    (double)api->timeout_ms / 1000.0, r->page + 1);
        break;
    }
    case CURLE_WRITE_ERROR:
    case CURLE_FILESIZE_EXCEEDED:
        if (r->save_failed) {
            err_set(e, ERR_TRANSPORT, "Cannot write %.300s: %s", r->save_to,
                    errno == EEXIST ? "it exists already (not overwritten)"
                                    : strerror(errno ? errno : EIO));
            break;
        }
        if (r->too_large && r->save_to)
            err_set(e, ERR_PARSE, "%.200s is larger than the download may be (over %zu %s); "
                    "the partial file was removed", r->label ? r->label : r->save_to,
                    r->max_save >= (1u << 20) ? r->max_save >> 20 : r->max_save >> 10,
                    r->max_save >= (1u << 20) ? "MiB" : "KiB");
        else if (r->too_large || rc == CURLE_FILESIZE_EXCEEDED)
            err_set(e, ERR_PARSE, "Reply to %.200s too large (over %zu %s)",
                    r->kind == REQ_CALL && r->label ? r->label : r->endpoint,
                    r->max_body >= (1u << 20) ? r->max_body >> 20 : r->max_body >> 10,
                    r->max_body >= (1u << 20) ? "MiB" : "KiB");
        else
            err_set(e, ERR_NOMEM, "Out of memory reading the reply to %s", r->endpoint);
        break;
    case CURLE_OUT_OF_MEMORY:
        err_set(e, ERR_NOMEM, "Out of memory (libcurl)");
        break;
    case CURLE_UNSUPPORTED_PROTOCOL:
        err_set(e, ERR_TRANSPORT, "Unsupported protocol in %.300s: only http and https",
                api->base_url);
        break;
    case CURLE_URL_MALFORMAT:
        err_set(e, ERR_TRANSPORT, "Malformed tracking URI %.300s", api->base_url);
        break;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
        err_set(e, ERR_TRANSPORT, "TLS error with %.300s: %s \xe2\x80\x94 set "
                "MLFLOW_TRACKING_SERVER_CERT_PATH to its CA bundle (or "
                "MLFLOW_TRACKING_INSECURE_TLS=true)", api->base_url, what);
        break;
    default:
        err_set(e, ERR_TRANSPORT, "Connection to %.300s failed: %s", api->base_url, what);
        break;
    }
}
