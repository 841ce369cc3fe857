#include "impt_system.h"

#include <dlfcn.h>
#include <malloc.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

void *impt_plugin_open(const char *path, char *error, size_t error_size) {
    void *library = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        const char *reason = dlerror();
        snprintf(error, error_size, "%s", reason ? reason : "dlopen failed");
    }
    return library;
}

impt_plugin_entry_fn impt_plugin_entry(void *library) {
    void *symbol = dlsym(library, IMPT_PLUGIN_ENTRY_SYMBOL);
    impt_plugin_entry_fn entry;
    memcpy(&entry, &symbol, sizeof entry); /* object pointer to function pointer, POSIX-style */
    return entry;
}

const impt_plugin_descriptor *impt_plugin_describe(impt_plugin_entry_fn entry, const impt_host *host) {
    return entry(host);
}

uint32_t impt_copy_struct(void *destination, size_t destination_size, const void *source) {
    memset(destination, 0, destination_size);
    if (!source) return 0;
    const impt_struct_header *header = source;
    size_t size = header->struct_size < destination_size ? header->struct_size : destination_size;
    memcpy(destination, source, size);
    /* The copy keeps the writer's header, so readers can still see the writer's struct_size. */
    return header->struct_size;
}

const void *impt_array_element(const void *base, size_t index) {
    const impt_struct_header *first = base;
    return (const char *)base + (size_t)first->struct_size * index;
}

uint32_t impt_array_element_size(const void *base, size_t index) {
    const impt_struct_header *element = impt_array_element(base, index);
    return element->struct_size;
}

#define END_OF(type, field) (offsetof(type, field) + sizeof(((type *)0)->field))

size_t impt_min_size_descriptor(void) { return END_OF(impt_plugin_descriptor, command_count); }
size_t impt_min_size_command(void) { return END_OF(impt_command, handler); }
size_t impt_min_size_option(void) { return END_OF(impt_option, default_value); }
size_t impt_min_size_constraint(void) { return END_OF(impt_constraint, second); }

uint32_t impt_read_descriptor(const impt_plugin_descriptor *source, impt_plugin_descriptor *out) {
    return impt_copy_struct(out, sizeof *out, source);
}

bool impt_descriptor_has_init(const impt_plugin_descriptor *copy) {
    return copy->header.abi_minor >= 2 && copy->header.struct_size >= END_OF(impt_plugin_descriptor, init) &&
           copy->init != NULL;
}

int32_t impt_plugin_initialize(const impt_plugin_descriptor *copy, const impt_host *host, char *message,
                               size_t message_size) {
    if (message_size > 0) message[0] = 0;
    int32_t status = copy->init(host, message, message_size);
    if (message_size > 0) message[message_size - 1] = 0;
    return status;
}

impt_run_fn impt_command_run(const impt_command *copy) {
    if (copy->header.abi_minor < 3 || copy->header.struct_size < END_OF(impt_command, run)) return NULL;
    return copy->run;
}

const char *impt_descriptor_language(const impt_plugin_descriptor *copy) {
    if (copy->header.abi_minor < 3 || copy->header.struct_size < END_OF(impt_plugin_descriptor, language)) return NULL;
    return copy->language;
}

const char *impt_descriptor_toolchain(const impt_plugin_descriptor *copy) {
    if (copy->header.abi_minor < 3 || copy->header.struct_size < END_OF(impt_plugin_descriptor, toolchain)) return NULL;
    return copy->toolchain;
}

uint32_t impt_read_command(const impt_plugin_descriptor *d, size_t index, impt_command *out) {
    return impt_copy_struct(out, sizeof *out, impt_array_element(d->commands, index));
}

uint32_t impt_read_option(const impt_command *c, size_t index, impt_option *out) {
    return impt_copy_struct(out, sizeof *out, impt_array_element(c->options, index));
}

uint32_t impt_read_constraint(const impt_command *c, size_t index, impt_constraint *out) {
    return impt_copy_struct(out, sizeof *out, impt_array_element(c->constraints, index));
}

const char *impt_toolchain_identity(void) {
#ifdef __clang_version__
    return "clang version " __clang_version__;
#else
    return "unknown";
#endif
}

static volatile sig_atomic_t sigint_seen = 0;

static void on_sigint(int signal_number) {
    (void)signal_number;
    sigint_seen = 1;
}

/* Nesting depth of impt_sigint_install: a wait inside another (a request made while a stream is
   open) must not give SIGINT back its default action when it ends. */
static int sigint_depth = 0;

void impt_sigint_install(void) {
    if (sigint_depth++ > 0) return;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_sigint;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0; /* no SA_RESTART: a blocking read returns EINTR */
    sigaction(SIGINT, &action, NULL);
    /* A parent may have started impt with SIGINT blocked (the mask is inherited): Ctrl-C must
       still reach the handler while impt waits for it. */
    sigset_t interrupt;
    sigemptyset(&interrupt);
    sigaddset(&interrupt, SIGINT);
    sigprocmask(SIG_UNBLOCK, &interrupt, NULL);
}

void impt_sigint_restore(void) {
    if (sigint_depth == 0 || --sigint_depth > 0) return;
    signal(SIGINT, SIG_DFL);
}

bool impt_sigint_installed(void) { return sigint_depth > 0; }

bool impt_sigint_take(void) {
    bool seen = sigint_seen != 0;
    sigint_seen = 0;
    return seen;
}

void impt_malloc_release_large_buffers(void) {
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);
}
