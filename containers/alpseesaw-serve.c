/*
 * alpseesaw-serve: the process of a warm alpseesaw container (see containers/micromegas.Dockerfile
 * and alpseesaw.runners.container). It runs commands one after the other on request, so that a
 * campaign pays the container start once per worker instead of once per point.
 *
 *   alpseesaw-serve CONTROL_DIR
 *
 * CONTROL_DIR (relative to the working directory, the mounted work directory) holds two FIFOs
 * made by the host: `requests` and `replies`. For a request the host writes
 *   CONTROL_DIR/ID.argv   the arguments, each terminated by NUL (argv[0] is looked up on PATH
 *                         when it has no slash, exactly as execvp does)
 *   CONTROL_DIR/ID.env    optional: NAME=VALUE entries, each terminated by NUL
 * and then the line "ID\n" into `requests`. The command runs in the working directory with
 * stdin /dev/null and stdout/stderr in CONTROL_DIR/ID.out and ID.err; no shell is involved. When
 * it ends, one line goes to `replies`:
 *   ID exit CODE oom N     or     ID signal SIG oom N     or     ID error MESSAGE
 * where N is 1 when the kernel's OOM killer acted in this container's memory cgroup during the
 * command (cgroup v1 memory.oom_control or v2 memory.events, counter oom_kill). The request line
 * "quit" ends the server. IDs are [A-Za-z0-9_-], at most 64 characters.
 *
 *   alpseesaw-serve --run OOMFILE -- PROGRAM ARG...
 *
 * runs one command in the foreground instead (a cold container): stdin, stdout and stderr are
 * the container's, the exit status is the command's (128 + N for a signal N), and OOMFILE
 * (relative to the working directory) is created when the OOM killer acted during it (engines
 * do not all report that for a container, e.g. Podman 4.3 on cgroup v1).
 *
 * As PID 1 of the container it also reaps the orphans the commands leave (micrOMEGAs starts
 * shells and compilers), and on SIGTERM (docker stop, an engine shutting down) it kills the
 * running command's process group and exits at once instead of waiting for SIGKILL.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_ID 64
#define MAX_FILE (1 << 20)

static volatile pid_t running = 0;

static void terminate(int sig) {
    if (running > 0) kill(-running, SIGKILL);
    _exit(128 + sig);
}

static long oom_kills(void) {
    static const char *files[] = {"/sys/fs/cgroup/memory.events",
                                  "/sys/fs/cgroup/memory/memory.oom_control"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        FILE *f = fopen(files[i], "r");
        if (!f) continue;
        char key[64];
        long value;
        while (fscanf(f, "%63s %ld", key, &value) == 2) {
            if (strcmp(key, "oom_kill") == 0) {
                fclose(f);
                return value;
            }
        }
        fclose(f);
    }
    return -1;
}

static int valid_id(const char *id) {
    size_t n = strlen(id);
    if (n == 0 || n > MAX_ID) return 0;
    for (size_t i = 0; i < n; i++) {
        char c = id[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-'))
            return 0;
    }
    return 1;
}

/* Read a whole file (at most MAX_FILE bytes); *len gets its size. NULL if absent. */
static char *slurp(const char *path, size_t *len) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return NULL;
    char *buf = malloc(MAX_FILE + 1);
    size_t n = 0;
    ssize_t r;
    while (buf && n < MAX_FILE && (r = read(fd, buf + n, MAX_FILE - n)) > 0) n += (size_t)r;
    close(fd);
    if (buf) buf[n] = '\0';
    *len = n;
    return buf;
}

/* Split NUL-terminated entries into a NULL-terminated vector. */
static char **split(char *buf, size_t len, size_t *count) {
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if (buf[i] == '\0') n++;
    char **v = calloc(n + 1, sizeof *v);
    size_t k = 0, start = 0;
    for (size_t i = 0; v && i < len; i++)
        if (buf[i] == '\0') {
            v[k++] = buf + start;
            start = i + 1;
        }
    *count = n;
    return v;
}

static void reply(int fd, const char *line) {
    size_t n = strlen(line), done = 0;
    while (done < n) {
        ssize_t w = write(fd, line + done, n - done);
        if (w < 0 && errno == EINTR) continue;
        if (w < 0) _exit(3);
        done += (size_t)w;
    }
}

static void run(const char *dir, const char *id, int replies) {
    char path[4096], line[512];
    size_t len, argc, envc = 0;
    snprintf(path, sizeof path, "%s/%s.argv", dir, id);
    char *argbuf = slurp(path, &len);
    char **argv = argbuf ? split(argbuf, len, &argc) : NULL;
    if (!argv || argc == 0) {
        snprintf(line, sizeof line, "%s error no arguments in %s.argv\n", id, id);
        reply(replies, line);
        free(argv);
        free(argbuf);
        return;
    }
    snprintf(path, sizeof path, "%s/%s.env", dir, id);
    char *envbuf = slurp(path, &len);
    char **envv = envbuf ? split(envbuf, len, &envc) : NULL;
    char out[4096], err[4096];
    snprintf(out, sizeof out, "%s/%s.out", dir, id);
    snprintf(err, sizeof err, "%s/%s.err", dir, id);
    long oom_before = oom_kills();
    pid_t pid = fork();
    if (pid == 0) {
        int in = open("/dev/null", O_RDONLY);
        int o = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int e = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (in < 0 || o < 0 || e < 0) _exit(126);
        dup2(in, 0);
        dup2(o, 1);
        dup2(e, 2);
        setpgid(0, 0);
        signal(SIGPIPE, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        for (size_t i = 0; envv && i < envc; i++) putenv(envv[i]);
        execvp(argv[0], argv);
        fprintf(stderr, "alpseesaw-serve: cannot execute %s: %s\n", argv[0], strerror(errno));
        _exit(errno == ENOENT ? 127 : 126);
    }
    if (pid < 0) {
        snprintf(line, sizeof line, "%s error fork failed: %s\n", id, strerror(errno));
        reply(replies, line);
    } else {
        int status = 0;
        pid_t got;
        setpgid(pid, pid); /* also here: no race with the child's own call */
        running = pid;
        /* reap everything (orphans included) until our command has ended */
        while ((got = waitpid(-1, &status, 0)) != pid)
            if (got < 0 && errno != EINTR) break;
        running = 0;
        while (waitpid(-1, NULL, WNOHANG) > 0) {
        }
        long oom_after = oom_kills();
        int oom = oom_before >= 0 && oom_after > oom_before;
        if (WIFSIGNALED(status))
            snprintf(line, sizeof line, "%s signal %d oom %d\n", id, WTERMSIG(status), oom);
        else
            snprintf(line, sizeof line, "%s exit %d oom %d\n", id, WEXITSTATUS(status), oom);
        reply(replies, line);
    }
    free(envv);
    free(envbuf);
    free(argv);
    free(argbuf);
}

static int one_shot(const char *oomfile, char **argv) {
    long oom_before = oom_kills();
    pid_t pid = fork();
    if (pid == 0) {
        setpgid(0, 0);
        signal(SIGPIPE, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        signal(SIGINT, SIG_DFL);
        execvp(argv[0], argv);
        fprintf(stderr, "alpseesaw-serve: cannot execute %s: %s\n", argv[0], strerror(errno));
        _exit(errno == ENOENT ? 127 : 126);
    }
    if (pid < 0) {
        fprintf(stderr, "alpseesaw-serve: fork failed: %s\n", strerror(errno));
        return 126;
    }
    setpgid(pid, pid);
    running = pid;
    int status = 0;
    pid_t got;
    while ((got = waitpid(-1, &status, 0)) != pid)
        if (got < 0 && errno != EINTR) break;
    running = 0;
    long oom_after = oom_kills();
    if (oom_before >= 0 && oom_after > oom_before) {
        int fd = open(oomfile, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd >= 0) close(fd);
    }
    return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

int main(int argc, char **argv) {
    signal(SIGTERM, terminate);
    signal(SIGINT, terminate);
    if (argc >= 5 && strcmp(argv[1], "--run") == 0 && strcmp(argv[3], "--") == 0)
        return one_shot(argv[2], argv + 4);
    if (argc != 2) {
        fprintf(stderr, "usage: alpseesaw-serve CONTROL_DIR | --run OOMFILE -- PROGRAM ARG...\n");
        return 2;
    }
    const char *dir = argv[1];
    char path[4096];
    signal(SIGPIPE, SIG_IGN);
    /* O_RDWR on a FIFO never blocks in open and never sees end-of-file (Linux) */
    snprintf(path, sizeof path, "%s/requests", dir);
    int requests = open(path, O_RDWR | O_CLOEXEC);
    snprintf(path, sizeof path, "%s/replies", dir);
    int replies = open(path, O_RDWR | O_CLOEXEC);
    if (requests < 0 || replies < 0) {
        fprintf(stderr, "alpseesaw-serve: cannot open the FIFOs in %s: %s\n", dir, strerror(errno));
        return 2;
    }
    char buf[MAX_ID + 2];
    size_t n = 0;
    for (;;) {
        char c;
        ssize_t r = read(requests, &c, 1);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return 1;
        if (c != '\n') {
            if (n < sizeof buf - 1) buf[n++] = c;
            else n = sizeof buf; /* too long: rejected at the newline */
            continue;
        }
        if (n >= sizeof buf) {
            reply(replies, "- error request too long\n");
            n = 0;
            continue;
        }
        buf[n] = '\0';
        n = 0;
        if (strcmp(buf, "quit") == 0) return 0;
        if (!valid_id(buf)) {
            reply(replies, "- error invalid request id\n");
            continue;
        }
        run(dir, buf, replies);
    }
}
