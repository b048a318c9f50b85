/* test_server.h — the project's MLflow test server for a benchmark: started
 * on a free loopback port (tests/server/mlflow_server.py, quiet), its address
 * read from its port file, stopped with SIGTERM. Header-only: each benchmark
 * is one program. */
#ifndef MLTUI_BENCH_TEST_SERVER_H
#define MLTUI_BENCH_TEST_SERVER_H

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static pid_t bench_server_pid;

static void bench_server_stop(void)
{
    if (bench_server_pid > 0) {
        kill(bench_server_pid, SIGTERM);
        waitpid(bench_server_pid, NULL, 0);
        bench_server_pid = 0;
    }
}

/* Starts `python3 tests/server/mlflow_server.py --port 0 --port-file DIR/port
 * ARGS...` (args: NULL-terminated, at most 16) and waits up to wait_s for its
 * port; url gets "http://127.0.0.1:PORT". 0, or -1 when it did not come up.
 * The server is stopped at exit as well. */
static int bench_server_start(const char *dir, char *const *args, int wait_s, char *url,
                              size_t size)
{
    char  portfile[512], port[32] = "";
    char *argv[24] = { "python3", "tests/server/mlflow_server.py", "--port", "0",
                       "--port-file", portfile };
    size_t n = 6;
    posix_spawn_file_actions_t fa;
    static int registered;

    for (size_t i = 0; args && args[i] && n < sizeof argv / sizeof argv[0] - 1; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    snprintf(portfile, sizeof portfile, "%s/port", dir);
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    if (posix_spawnp(&bench_server_pid, "python3", &fa, NULL, argv, environ) != 0) {
        posix_spawn_file_actions_destroy(&fa);
        return -1;
    }
    posix_spawn_file_actions_destroy(&fa);
    if (!registered++)
        atexit(bench_server_stop);
    for (int i = 0; i < wait_s * 10 && atoi(port) <= 0; i++) {
        FILE *f = fopen(portfile, "r");
        if (f) {
            size_t got = fread(port, 1, sizeof port - 1, f);
            fclose(f);
            port[got] = '\0';
        }
        if (atoi(port) <= 0)
            usleep(100000);
    }
    unlink(portfile);
    if (atoi(port) <= 0)
        return -1;
    snprintf(url, size, "http://127.0.0.1:%d", atoi(port));
    return 0;
}

#endif
