/* Child processes that report on a pipe: the host inspects new plugin files in children, so that
 * a library that crashes, exits or hangs while loading cannot take impt down with it. */
#define _GNU_SOURCE
#include "impt_system.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

enum { REPORT_FD = 3 };

typedef struct child {
    size_t index;
    pid_t pid;
    int fd;           /* read end of the report pipe, -1 after end of file */
    long deadline_ms; /* monotonic time at which the child is killed */
    size_t capacity;
    bool killed;
} child;

static long now_ms(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

/* Starts one child; on failure records the errno in `result` and returns false. */
static bool start(const char *executable, const char *argv0, const char *mode, const char *subject, int timeout_ms,
                  child *slot, impt_child_result *result) {
    int ends[2];
    if (pipe2(ends, O_CLOEXEC) != 0) {
        result->state = IMPT_CHILD_NOT_STARTED;
        result->code = errno;
        return false;
    }
    /* Move the write end above the standard descriptors so that dup2 onto fd 3 always copies it
     * (a dup2 onto itself would keep the close-on-exec flag). */
    int writer = fcntl(ends[1], F_DUPFD_CLOEXEC, 10);
    close(ends[1]);
    if (writer < 0) {
        result->state = IMPT_CHILD_NOT_STARTED;
        result->code = errno;
        close(ends[0]);
        return false;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, writer, REPORT_FD);
    char *argv[] = {(char *)argv0, (char *)mode, (char *)subject, NULL};
    pid_t pid;
    int failed = posix_spawn(&pid, executable, &actions, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    close(writer);
    if (failed != 0) {
        result->state = IMPT_CHILD_NOT_STARTED;
        result->code = failed;
        close(ends[0]);
        return false;
    }
    slot->pid = pid;
    slot->fd = ends[0];
    slot->deadline_ms = now_ms() + timeout_ms;
    slot->capacity = 0;
    slot->killed = false;
    return true;
}

/* Reads what is available; false at end of file or when the report is too large. */
static bool drain(child *slot, impt_child_result *result, size_t limit) {
    for (;;) {
        if (result->report_length == slot->capacity) {
            size_t grown = slot->capacity ? slot->capacity * 2 : 4096;
            if (grown > limit + 1) grown = limit + 1;
            uint8_t *bigger = realloc(result->report, grown);
            if (!bigger) return false;
            result->report = bigger;
            slot->capacity = grown;
        }
        ssize_t got = read(slot->fd, result->report + result->report_length, slot->capacity - result->report_length);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
        if (got <= 0) return false;
        result->report_length += (size_t)got;
        if (result->report_length > limit) {
            result->state = IMPT_CHILD_TOO_LARGE;
            return false;
        }
    }
}

/* Waits for a child whose pipe is closed, killing it at its deadline. */
static void reap(child *slot, impt_child_result *result) {
    for (;;) {
        int status = 0;
        pid_t done = waitpid(slot->pid, &status, slot->killed ? 0 : WNOHANG);
        if (done < 0 && errno == EINTR) continue;
        if (done == slot->pid) {
            if (result->state == 0) {
                if (WIFSIGNALED(status)) {
                    result->state = IMPT_CHILD_SIGNALED;
                    result->code = WTERMSIG(status);
                } else {
                    result->state = IMPT_CHILD_EXITED;
                    result->code = WEXITSTATUS(status);
                }
            }
            return;
        }
        if (done < 0) { /* not our child any more; nothing to learn */
            if (result->state == 0) result->state = IMPT_CHILD_EXITED, result->code = -1;
            return;
        }
        if (now_ms() >= slot->deadline_ms) {
            if (result->state == 0) result->state = IMPT_CHILD_TIMED_OUT;
            kill(slot->pid, SIGKILL);
            slot->killed = true;
            continue;
        }
        poll(NULL, 0, 1);
    }
}

static void finish(child *slot, impt_child_result *result) {
    if (slot->fd >= 0) close(slot->fd);
    slot->fd = -1;
    if (result->state == IMPT_CHILD_TOO_LARGE && !slot->killed) {
        kill(slot->pid, SIGKILL);
        slot->killed = true;
    }
    reap(slot, result);
}

void impt_run_reporters(const char *executable, const char *argv0, const char *mode, const char *const *subjects,
                        size_t count, size_t parallel, int timeout_ms, size_t report_limit,
                        impt_child_result *results) {
    memset(results, 0, count * sizeof *results);
    if (parallel == 0) parallel = 1;
    child *active = calloc(parallel, sizeof *active);
    struct pollfd *waits = calloc(parallel, sizeof *waits);
    if (!active || !waits) {
        for (size_t i = 0; i < count; i++) results[i].state = IMPT_CHILD_NOT_STARTED, results[i].code = ENOMEM;
        free(active);
        free(waits);
        return;
    }
    size_t next = 0, running = 0;
    for (;;) {
        while (running < parallel && next < count) {
            child *slot = &active[running];
            slot->index = next;
            if (start(executable, argv0, mode, subjects[next], timeout_ms, slot, &results[next])) {
                fcntl(slot->fd, F_SETFL, O_NONBLOCK);
                running++;
            }
            next++;
        }
        if (running == 0) break;
        long now = now_ms(), wait_ms = -1;
        for (size_t i = 0; i < running; i++) {
            waits[i].fd = active[i].fd;
            waits[i].events = POLLIN;
            waits[i].revents = 0;
            long left = active[i].deadline_ms - now;
            if (wait_ms < 0 || left < wait_ms) wait_ms = left < 0 ? 0 : left;
        }
        int ready = poll(waits, running, (int)wait_ms);
        if (ready < 0 && errno != EINTR) break;
        now = now_ms();
        for (size_t i = running; i-- > 0;) {
            child *slot = &active[i];
            impt_child_result *result = &results[slot->index];
            bool open = true;
            if (waits[i].revents) open = drain(slot, result, report_limit);
            if (open && now >= slot->deadline_ms) {
                result->state = IMPT_CHILD_TIMED_OUT;
                kill(slot->pid, SIGKILL);
                slot->killed = true;
                open = false;
            }
            if (!open) {
                finish(slot, result);
                active[i] = active[running - 1];
                running--;
            }
        }
    }
    /* Only reached early when poll itself fails: kill and reap whatever still runs. */
    for (size_t i = 0; i < running; i++) {
        results[active[i].index].state = IMPT_CHILD_TIMED_OUT;
        kill(active[i].pid, SIGKILL);
        active[i].killed = true;
        finish(&active[i], &results[active[i].index]);
    }
    free(active);
    free(waits);
}

bool impt_write_report(const uint8_t *bytes, size_t length) {
    size_t done = 0;
    while (done < length) {
        ssize_t wrote = write(REPORT_FD, bytes + done, length - done);
        if (wrote < 0 && errno == EINTR) continue;
        if (wrote <= 0) return false;
        done += (size_t)wrote;
    }
    return true;
}

void impt_disable_core_dumps(void) {
    struct rlimit none = {0, 0};
    setrlimit(RLIMIT_CORE, &none);
}

const char *impt_signal_abbreviation(int signal_number) {
    return sigabbrev_np(signal_number);
}
