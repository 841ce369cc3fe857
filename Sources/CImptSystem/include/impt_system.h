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

/** Smallest valid struct sizes (the ABI 1.0 layouts). */
size_t impt_min_size_descriptor(void);
size_t impt_min_size_command(void);
size_t impt_min_size_option(void);
size_t impt_min_size_constraint(void);

/** Reads descriptor / command / option / constraint into host-layout structs (zero-filled). */
uint32_t impt_read_descriptor(const impt_plugin_descriptor *source, impt_plugin_descriptor *out);
uint32_t impt_read_command(const impt_plugin_descriptor *d, size_t index, impt_command *out);
uint32_t impt_read_option(const impt_command *c, size_t index, impt_option *out);
uint32_t impt_read_constraint(const impt_command *c, size_t index, impt_constraint *out);

/** Identity of the C compiler that built the host ("clang version ..."): the Swift toolchain. */
const char *impt_toolchain_identity(void);

/** Installs a SIGINT handler that records the signal and interrupts blocking reads. */
void impt_sigint_install(void);
/** Restores the default SIGINT behaviour. */
void impt_sigint_restore(void);
/** Whether SIGINT arrived since the last call; clears the flag. */
bool impt_sigint_take(void);

/** Makes allocations of 128 KiB and more come from (and go back to) mmap, instead of glibc's
 *  heap keeping large freed buffers after raising its threshold. */
void impt_malloc_release_large_buffers(void);

#endif
