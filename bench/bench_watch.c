/* bench_watch.c — what `:watch` costs the server, counted at the server:
 * the real ./mltui, on a pseudo-terminal, opens a 10,000-run experiment of
 * the test server of which 10 runs are RUNNING (mlflow_server.py
 * --synthetic-runs 10000 --synthetic-running 10), waits for the load to end,
 * types `:watch 5`, and the server counts every request and the bytes of
 * every body for a minute (--count-file). The same run's initial load is
 * what a naive client that reloads the experiment every 5 s would pay each
 * time: the ratio of the two is printed for requests and bytes.
 *
 *     make && make build/bench/bench_watch && build/bench/bench_watch [runs] [running]
 *
 * BENCH_WATCH_SECONDS (default 60) is the window counted; MLTUI (default
 * ./mltui) the binary. The window starts 2.5 s after the watch does, so the
 * looks (every 5 s) fall in its middle, not on its edges.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "test_server.h"

#define INTERVAL_S 5


static double now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static pid_t mltui_pid;

static void stop_children(void)
{
    if (mltui_pid > 0) {
        kill(mltui_pid, SIGTERM);
        waitpid(mltui_pid, NULL, 0);
        mltui_pid = 0;
    }
    bench_server_stop();
}

/* The test server on a free port, counting into countfile; url gets its address. */
static int start_server(const char *dir, long runs, long running, const char *countfile,
                        char *url, size_t size)
{
    char  nruns[32], nrunning[32];
    char *args[] = { "--fixture", "tests/fixtures/neos.json", "--synthetic-runs", nruns,
                     "--synthetic-running", nrunning, "--count-file", (char *)countfile, NULL };

    snprintf(nruns, sizeof nruns, "%ld", runs);
    snprintf(nrunning, sizeof nrunning, "%ld", running);
    return bench_server_start(dir, args, 300, url, size);
}

/* What the count file holds from byte offset `from` on. */
typedef struct Tally {
    long      requests, searches;      /* all; runs/search */
    long long req_bytes, reply_bytes;  /* bodies, all requests */
    long long search_bytes;            /* runs/search: request + reply bodies */
    long      end;                     /* the file's length when read */
} Tally;

static int tally(const char *countfile, long from, Tally *t)
{
    FILE *f = fopen(countfile, "r");
    char  line[1024], method[16], path[512];
    double when;
    long long req, reply;
    int   status;

    memset(t, 0, sizeof *t);
    t->end = from;
    if (!f)
        return errno == ENOENT ? 0 : -1;
    if (fseek(f, from, SEEK_SET) != 0) {
        fclose(f);
        return -1;
    }
    while (fgets(line, sizeof line, f)) {
        if (!strchr(line, '\n'))
            break;   /* a line still being written: read it next time */
        t->end += (long)strlen(line);
        if (sscanf(line, "%lf %15s %511s %lld %d %lld", &when, method, path, &req, &status,
                   &reply) != 6)
            continue;
        t->requests++;
        t->req_bytes += req;
        t->reply_bytes += reply;
        if (strcmp(path, "/api/2.0/mlflow/runs/search") == 0) {
            t->searches++;
            t->search_bytes += req + reply;
        }
    }
    fclose(f);
    return 0;
}

/* Reads (and drops) what mltui draws for ms: a terminal nobody reads blocks it. */
static void pump(int fd, double ms)
{
    double end = now_ms() + ms, left;
    char   buf[65536];

    while ((left = end - now_ms()) > 0) {
        struct pollfd p = { .fd = fd, .events = POLLIN };

        if (poll(&p, 1, (int)left + 1) > 0 && read(fd, buf, sizeof buf) <= 0)
            usleep(10000);
    }
}

static void fmt_mb(long long bytes, char *buf, size_t size)
{
    if (bytes >= 1 << 20)
        snprintf(buf, size, "%.1f MB", bytes / 1048576.0);
    else
        snprintf(buf, size, "%.1f KB", bytes / 1024.0);
}

int main(int argc, char **argv)
{
    long        runs = argc > 1 ? strtol(argv[1], NULL, 10) : 10000;
    long        running = argc > 2 ? strtol(argv[2], NULL, 10) : 10;
    const char *env = getenv("BENCH_WATCH_SECONDS"), *bin = getenv("MLTUI");
    double      window = env && atof(env) > 0 ? atof(env) : 60, t0, load_ms;
    char        dir[] = "/tmp/mltui-bench-watch.XXXXXX", countfile[256], url[128];
    char        a[32], b[32];
    struct winsize ws = { .ws_row = 50, .ws_col = 160 };
    Tally       load, w, last;
    int         fd, quiet = 0;
    long        mark;
    double      per_min, reqs_min, bytes_min, naive_reqs, naive_bytes;

    if (!bin || !*bin)
        bin = "./mltui";
    if (access(bin, X_OK) != 0) {
        fprintf(stderr, "bench_watch: %s not built (run make first)\n", bin);
        return 1;
    }
    if (!mkdtemp(dir))
        return 1;
    snprintf(countfile, sizeof countfile, "%s/count", dir);
    atexit(stop_children);
    if (start_server(dir, runs, running, countfile, url, sizeof url) < 0) {
        fprintf(stderr, "bench_watch: could not start the test server\n");
        return 1;
    }

    t0 = now_ms();
    mltui_pid = forkpty(&fd, NULL, NULL, &ws);
    if (mltui_pid < 0)
        return 1;
    if (mltui_pid == 0) {
        setenv("TERM", "xterm-256color", 1);
        setenv("XDG_CACHE_HOME", dir, 1);
        setenv("XDG_CONFIG_HOME", dir, 1);
        unsetenv("MLFLOW_TRACKING_URI");
        execl(bin, "mltui", "--no-cache", "--tracking-uri", url, "--experiment", "synthetic",
              (char *)NULL);
        _exit(127);
    }

    /* The load is over when runs/search pages came and then nothing for 5 s. */
    memset(&last, 0, sizeof last);
    while (quiet < 10) {
        pump(fd, 500);
        if (tally(countfile, 0, &load) < 0)
            return 1;
        quiet = load.searches > 0 && load.end == last.end ? quiet + 1 : 0;
        last = load;
        if (now_ms() - t0 > 600000) {
            fprintf(stderr, "bench_watch: the load did not end in 10 minutes\n");
            return 1;
        }
    }
    load_ms = now_ms() - t0 - 5000;
    mark = load.end;

    /* :watch 5, then count a window that starts between two looks. */
    if (write(fd, ":watch 5\r", 9) != 9)
        return 1;
    pump(fd, INTERVAL_S * 500.0);
    if (tally(countfile, mark, &w) < 0)
        return 1;
    mark = w.end;
    pump(fd, window * 1000);
    if (tally(countfile, mark, &w) < 0)
        return 1;
    if (write(fd, "Q", 1) == 1)
        pump(fd, 300);

    per_min = 60.0 / window;
    reqs_min = w.requests * per_min;
    bytes_min = (double)(w.req_bytes + w.reply_bytes) * per_min;
    naive_reqs = load.searches * 60.0 / INTERVAL_S;
    naive_bytes = (double)load.search_bytes * 60.0 / INTERVAL_S;
    if (w.requests == 0 || load.searches == 0) {
        fprintf(stderr, "bench_watch: no requests counted (load %ld, watch %ld)\n",
                load.searches, w.requests);
        return 1;
    }
    printf("experiment: %ld runs, %ld running; loaded in %.1f s by %ld runs/search "
           "requests, ", runs, running, load_ms / 1000.0, load.searches);
    fmt_mb(load.search_bytes, a, sizeof a);
    printf("%s\n", a);
    fmt_mb((long long)bytes_min, a, sizeof a);
    printf("%-22s %.0f requests a minute, %s a minute (%ld requests in %.0f s, a look "
           "every %d s)\n", "watch", reqs_min, a, w.requests, window, INTERVAL_S);
    fmt_mb((long long)naive_bytes, b, sizeof b);
    printf("%-22s %.0f requests a minute, %s a minute (the load above every %d s)\n",
           "naive_reload", naive_reqs, b, INTERVAL_S);
    printf("%-22s %.1fx fewer requests, %.0fx fewer bytes than a reload every %d s\n",
           "watch_vs_reload", naive_reqs / reqs_min, naive_bytes / bytes_min, INTERVAL_S);
    stop_children();
    unlink(countfile);
    rmdir(dir);
    return 0;
}
