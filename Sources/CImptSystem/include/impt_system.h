/* System interop for the host: loading plugins and reading their descriptors, signals, terminal. */
#ifndef IMPT_SYSTEM_H
#define IMPT_SYSTEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "impt_plugin.h"

/** `dlopen(path, RTLD_NOW | RTLD_LOCAL)`; on failure NULL and `dlerror()` copied to `error`. */
void *impt_plugin_open(const char *path, char *error, size_t error_size);

/** The plugin's entry function, or NULL when the library does not export it. */
impt_plugin_entry_fn impt_plugin_entry(void *library);

/** Calls the entry function. */
const impt_plugin_descriptor *impt_plugin_describe(impt_plugin_entry_fn entry, const impt_host *host);

/**
 * Copies a struct written by a plugin into `destination` (of `destination_size` bytes): the
 * smaller of the two sizes is copied and the rest zeroed. Returns the writer's struct_size, or 0
 * when `source` is NULL.
 */
uint32_t impt_copy_struct(void *destination, size_t destination_size, const void *source);

/** Element `index` of an array of ABI structs, using the first element's struct_size as stride. */
const void *impt_array_element(const void *base, size_t index);

/** The struct_size element `index` of an array claims, read with the first element's stride. */
uint32_t impt_array_element_size(const void *base, size_t index);

/** Smallest valid struct sizes (the ABI 1.0 layouts). */
size_t impt_min_size_descriptor(void);
size_t impt_min_size_command(void);
size_t impt_min_size_option(void);
size_t impt_min_size_constraint(void);

/** Whether a descriptor written by the plugin (its own struct_size and minor version) has `init`. */
bool impt_descriptor_has_init(const impt_plugin_descriptor *copy);

/** Calls the descriptor's `init` callback (ABI 1.2); `message` receives the reason of a refusal. */
int32_t impt_plugin_initialize(const impt_plugin_descriptor *copy, const impt_host *host, char *message,
                               size_t message_size);

/** The 1.3 handler of a command copy, or NULL (an older writer, or none set). */
impt_run_fn impt_command_run(const impt_command *copy);

/** The language and toolchain a descriptor copy names (1.3), or NULL. */
const char *impt_descriptor_language(const impt_plugin_descriptor *copy);
const char *impt_descriptor_toolchain(const impt_plugin_descriptor *copy);

/** Reads descriptor / command / option / constraint into host-layout structs (zero-filled). */
uint32_t impt_read_descriptor(const impt_plugin_descriptor *source, impt_plugin_descriptor *out);
uint32_t impt_read_command(const impt_plugin_descriptor *d, size_t index, impt_command *out);
uint32_t impt_read_option(const impt_command *c, size_t index, impt_option *out);
uint32_t impt_read_constraint(const impt_command *c, size_t index, impt_constraint *out);

/** Identity of the C compiler that built the host ("clang version ..."): the Swift toolchain. */
const char *impt_toolchain_identity(void);

/* ------------------------------------------------------------------------------------------ */
/* Child processes that report on a pipe (plugin inspection)                                  */
/* ------------------------------------------------------------------------------------------ */

/** How a child process ended (`impt_child_result.state`). */
enum {
    /** It exited; `code` is its exit status. */
    IMPT_CHILD_EXITED = 1,
    /** A signal ended it; `code` is the signal number. */
    IMPT_CHILD_SIGNALED = 2,
    /** It ran out of time and was killed. */
    IMPT_CHILD_TIMED_OUT = 3,
    /** Its report grew beyond the limit and it was killed. */
    IMPT_CHILD_TOO_LARGE = 4,
    /** It could not be started; `code` is the errno. */
    IMPT_CHILD_NOT_STARTED = 5
};

/** The outcome of one child process. */
typedef struct impt_child_result {
    int32_t state;
    int32_t code;
    /** What the child wrote on its report pipe (fd 3), malloc'd; release with free(). */
    uint8_t *report;
    size_t report_length;
} impt_child_result;

/**
 * Runs `executable` once per subject as `argv0 mode subject` with standard input, output and
 * error on /dev/null and a pipe on fd 3, at most `parallel` at a time. Each child may run for
 * `timeout_ms` and write at most `report_limit` bytes before it is killed (SIGKILL). Fills
 * `results[i]` for `subjects[i]` and returns when every child has been reaped.
 */
void impt_run_reporters(const char *executable, const char *argv0, const char *mode, const char *const *subjects,
                        size_t count, size_t parallel, int timeout_ms, size_t report_limit,
                        impt_child_result *results);

/** Writes `length` bytes to fd 3 (the report pipe of a child started by impt_run_reporters). */
bool impt_write_report(const uint8_t *bytes, size_t length);

/** Turns core dumps off for this process (an inspection child that crashes leaves no core file). */
void impt_disable_core_dumps(void);

/** The abbreviation of a signal ("SEGV"), or NULL when unknown. */
const char *impt_signal_abbreviation(int signal_number);

/** Installs a SIGINT handler that records the signal and interrupts blocking reads. Calls nest:
    each must be paired with `impt_sigint_restore`. */
void impt_sigint_install(void);
/** Ends the matching `impt_sigint_install`; the outermost one restores the default behaviour. */
void impt_sigint_restore(void);
/** Whether the handler is installed (a wait is running further up the call stack). */
bool impt_sigint_installed(void);
/** Whether SIGINT arrived since the last call; clears the flag. */
bool impt_sigint_take(void);

/** Makes allocations of 128 KiB and more come from (and go back to) mmap, instead of glibc's
 *  heap keeping large freed buffers after raising its threshold. */
void impt_malloc_release_large_buffers(void);

#endif
