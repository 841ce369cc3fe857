#define _GNU_SOURCE
#include "impt_host_io.h"

#include <fcntl.h>

#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

int impt_terminal_columns(int fd) {
    if (!isatty(fd)) return 0;
    struct winsize size;
    if (ioctl(fd, TIOCGWINSZ, &size) != 0) return 0;
    return size.ws_col;
}

void impt_flush_c_stdout(void) {
    fflush(stdout);
}

static void (*exit_hook)(int status);

static void run_exit_hook(int status, void *unused) {
    (void)unused;
    if (exit_hook) exit_hook(status);
}

void impt_on_exit(void (*hook)(int status)) {
    if (exit_hook) return;
    exit_hook = hook;
    on_exit(run_exit_hook, NULL);
}

int impt_create_temporary(char *template_path) {
    return mkostemp(template_path, O_CLOEXEC);
}
