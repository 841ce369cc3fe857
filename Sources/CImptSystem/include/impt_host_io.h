/* Terminal size, process-exit hook and safe temporary files for the host. */
#ifndef IMPT_HOST_IO_H
#define IMPT_HOST_IO_H

/** Columns of the terminal behind `fd`, or 0 when `fd` is not a terminal or the size is unknown. */
int impt_terminal_columns(int fd);

/** Flushes the C library's standard output buffer (what a plugin wrote with printf). */
void impt_flush_c_stdout(void);

/**
 * Registers `hook` to run when the process calls exit() (also from inside a plugin), with the
 * exit status. Registered once; later calls are ignored.
 */
void impt_on_exit(void (*hook)(int status));

/**
 * Creates a new file from `template` (a path ending in "XXXXXX", replaced in place) with
 * O_CREAT | O_EXCL | O_CLOEXEC and mode 0600, as mkostemp: an existing file or symbolic link is
 * never opened. Returns the descriptor, or -1 with errno set.
 */
int impt_create_temporary(char *template_path);

#endif
