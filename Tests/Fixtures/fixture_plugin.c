/*
 * Test plugin compiled by the tests with the system C compiler. Macros select the variant:
 *   FIXTURE_GROUP           group name (default "fixture")
 *   FIXTURE_MAJOR/MINOR     ABI version claimed by the descriptor
 *   FIXTURE_DESCRIPTOR_SIZE struct_size claimed by the descriptor
 *   FIXTURE_PADDED_OPTIONS  options written as a larger struct (a newer writer)
 *   FIXTURE_NO_ENTRY        export another symbol instead of the entry point
 *   FIXTURE_SWIFT_TOOLCHAIN claim to be a Swift library built by this toolchain (needs -lswiftCore)
 *   FIXTURE_ENTRY_SEGFAULT  the entry function writes through a null pointer
 *   FIXTURE_ENTRY_ABORT     the entry function calls abort()
 *   FIXTURE_ENTRY_HANGS     the entry function never returns
 *   FIXTURE_CONSTRUCTOR_EXIT a library constructor calls _exit(0) while the library is loaded
 *   FIXTURE_INIT_FAILS      (ABI 1.2) init refuses with this message
 *   FIXTURE_INIT_FAILS_ON_REQUEST (with FIXTURE_INIT_FAILS) only while the environment variable
 *                           FIXTURE_INIT_REFUSES is set
 *   FIXTURE_INIT_COUNTS     (ABI 1.2) init counts its calls; `fail` reports the count
 *   FIXTURE_COMMAND0_SIZE   struct_size claimed by commands[0] (the stride of the array)
 *   FIXTURE_COMMAND1_SIZE   struct_size claimed by commands[1]
 *   FIXTURE_OPTION2_SIZE    struct_size claimed by options[2] of command "types"
 * With the environment variable FIXTURE_TRACE set, every load of the library appends a line to
 * that file, so tests can count how often impt ran the plugin's code.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "impt_plugin.h"

#ifndef FIXTURE_GROUP
#define FIXTURE_GROUP "fixture"
#endif
#ifndef FIXTURE_MAJOR
#define FIXTURE_MAJOR IMPT_ABI_MAJOR
#endif
#ifndef FIXTURE_MINOR
#define FIXTURE_MINOR IMPT_TARGET_ABI_MINOR
#endif
#ifndef FIXTURE_DESCRIPTOR_SIZE
#define FIXTURE_DESCRIPTOR_SIZE sizeof(impt_plugin_descriptor)
#endif

#ifdef FIXTURE_SWIFT_TOOLCHAIN
__asm__(".section .comment,\"MS\",@progbits,1\n.string \"" FIXTURE_SWIFT_TOOLCHAIN "\"\n.previous");
#endif

#ifndef FIXTURE_COMMAND0_SIZE
#define FIXTURE_COMMAND0_SIZE sizeof(impt_command)
#endif
#ifndef FIXTURE_COMMAND1_SIZE
#define FIXTURE_COMMAND1_SIZE sizeof(impt_command)
#endif
#ifndef FIXTURE_OPTION2_SIZE
#define FIXTURE_OPTION2_SIZE sizeof(impt_option)
#endif

__attribute__((constructor)) static void on_load(void) {
    const char *trace = getenv("FIXTURE_TRACE");
    if (trace) {
        FILE *file = fopen(trace, "a");
        if (file) {
            fputs("loaded\n", file);
            fclose(file);
        }
    }
#ifdef FIXTURE_CONSTRUCTOR_EXIT
    _exit(0);
#endif
}

static const impt_host *host;
static __attribute__((unused)) int init_calls = 0;
static const impt_values_v1 *values;
static const impt_output_v1 *output;

static void connect(void) {
    values = host->get_service(IMPT_SERVICE_VALUES_V1);
    output = host->get_service(IMPT_SERVICE_OUTPUT_V1);
}

static void put_string(impt_context *ctx, impt_value *o, const char *key, const char *text) {
    values->set(ctx, o, key, text ? values->new_string(ctx, text) : values->new_null(ctx));
}

static void put_list(impt_context *ctx, impt_value *o, const char *key, const char *const *items) {
    impt_value *list = values->new_array(ctx);
    for (size_t i = 0; items[i]; i++) values->append(ctx, list, values->new_string(ctx, items[i]));
    values->set(ctx, o, key, list);
}

static int32_t types_handler(impt_context *ctx, const char *text, bool flag, int32_t state, int64_t number,
                             const char *const *list, double real) {
    connect();
    impt_value *o = values->new_object(ctx);
    put_string(ctx, o, "text", text);
    values->set(ctx, o, "flag", values->new_bool(ctx, flag));
    values->set(ctx, o, "state", values->new_integer(ctx, state));
    values->set(ctx, o, "number", values->new_integer(ctx, number));
    values->set(ctx, o, "number_unset", values->new_bool(ctx, number == IMPT_INT_UNSET));
    put_list(ctx, o, "list", list);
    values->set(ctx, o, "real", real != real ? values->new_string(ctx, "NaN") : values->new_number(ctx, real));
    output->result(ctx, o);
    return IMPT_OK;
}

/* More arguments than registers: integers and doubles spill onto the stack. */
static int32_t wide_handler(impt_context *ctx, int64_t i1, double d1, int64_t i2, double d2, int64_t i3,
                            double d3, int64_t i4, double d4, int64_t i5, double d5, int64_t i6, double d6,
                            int64_t i7, double d7, int64_t i8, double d8, int64_t i9, double d9,
                            const char *last) {
    connect();
    int64_t ints[] = {i1, i2, i3, i4, i5, i6, i7, i8, i9};
    double reals[] = {d1, d2, d3, d4, d5, d6, d7, d8, d9};
    impt_value *o = values->new_object(ctx);
    impt_value *a = values->new_array(ctx), *b = values->new_array(ctx);
    for (int i = 0; i < 9; i++) {
        values->append(ctx, a, values->new_integer(ctx, ints[i]));
        values->append(ctx, b, values->new_number(ctx, reals[i]));
    }
    values->set(ctx, o, "ints", a);
    values->set(ctx, o, "reals", b);
    put_string(ctx, o, "last", last);
    output->result(ctx, o);
    return IMPT_OK;
}

static int32_t fail_handler(impt_context *ctx, const char *how) {
    connect();
    if (how && strcmp(how, "usage") == 0) return host->fail(ctx, IMPT_ERR_USAGE, "Options do not fit together.");
    if (how && strcmp(how, "silent") == 0) return IMPT_ERR_API;
    if (how && strcmp(how, "cancel") == 0) return host->fail(ctx, IMPT_ERR_CANCELLED, "Operation is canceled.");
    if (how && strcmp(how, "ok-status") == 0) return host->fail(ctx, IMPT_OK, "Failed with a success status.");
#ifdef FIXTURE_INIT_COUNTS
    char line[64];
    snprintf(line, sizeof line, "init ran %d time(s).", init_calls);
    output->info(ctx, line);
#endif
    output->info(ctx, "About to fail.");
    return host->fail(ctx, IMPT_ERR_FAILED, "Fixture failure.");
}

#define OPT(name, alias, type, flags, value, help) {IMPT_HEADER(impt_option), name, alias, type, flags, value, help, NULL, NULL}

static const impt_option types_options[] = {
    OPT("text", 't', IMPT_OPTION_STRING, IMPT_OPTION_ALLOW_EMPTY, "text", "Text."),
    OPT("flag", 'f', IMPT_OPTION_FLAG, 0, NULL, "Flag."),
    {{FIXTURE_OPTION2_SIZE, IMPT_ABI_MAJOR, IMPT_TARGET_ABI_MINOR}, "state", 's', IMPT_OPTION_BOOL, 0, NULL, "Tri-state.", NULL, NULL},
    OPT("number", 'n', IMPT_OPTION_INT, 0, "n", "Integer."),
    OPT("item", 'i', IMPT_OPTION_STRING_LIST, 0, "item", "Item."),
    OPT("real", 'r', IMPT_OPTION_NUMBER, 0, "x", "Real."),
};

static const impt_option wide_options[] = {
    OPT("i1", 0, IMPT_OPTION_INT, 0, "n", "."), OPT("d1", 0, IMPT_OPTION_NUMBER, 0, "x", "."),
    OPT("i2", 0, IMPT_OPTION_INT, 0, "n", "."), OPT("d2", 0, IMPT_OPTION_NUMBER, 0, "x", "."),
    OPT("i3", 0, IMPT_OPTION_INT, 0, "n", "."), OPT("d3", 0, IMPT_OPTION_NUMBER, 0, "x", "."),
    OPT("i4", 0, IMPT_OPTION_INT, 0, "n", "."), OPT("d4", 0, IMPT_OPTION_NUMBER, 0, "x", "."),
    OPT("i5", 0, IMPT_OPTION_INT, 0, "n", "."), OPT("d5", 0, IMPT_OPTION_NUMBER, 0, "x", "."),
    OPT("i6", 0, IMPT_OPTION_INT, 0, "n", "."), OPT("d6", 0, IMPT_OPTION_NUMBER, 0, "x", "."),
    OPT("i7", 0, IMPT_OPTION_INT, 0, "n", "."), OPT("d7", 0, IMPT_OPTION_NUMBER, 0, "x", "."),
    OPT("i8", 0, IMPT_OPTION_INT, 0, "n", "."), OPT("d8", 0, IMPT_OPTION_NUMBER, 0, "x", "."),
    OPT("i9", 0, IMPT_OPTION_INT, 0, "n", "."), OPT("d9", 0, IMPT_OPTION_NUMBER, 0, "x", "."),
    OPT("last", 0, IMPT_OPTION_STRING, 0, "s", "."),
};

#ifdef FIXTURE_PADDED_OPTIONS
/* A writer with a newer, larger option struct: the host must step by struct_size. */
typedef struct padded_option {
    impt_option known;
    uint64_t future_field;
} padded_option;
static const padded_option fail_options_padded[] = {
    {{{sizeof(padded_option), FIXTURE_MAJOR, FIXTURE_MINOR}, "how", 'w', IMPT_OPTION_STRING, 0, "how", "How to fail.", NULL, NULL}, 0xFFFFFFFFFFFFFFFFull},
    {{{sizeof(padded_option), FIXTURE_MAJOR, FIXTURE_MINOR}, "extra", 'x', IMPT_OPTION_FLAG, 0, NULL, "Unused.", NULL, NULL}, 0xFFFFFFFFFFFFFFFFull},
};
#define FAIL_OPTIONS ((const impt_option *)fail_options_padded)
#define FAIL_OPTION_COUNT 2
static int32_t fail_handler_padded(impt_context *ctx, const char *how, bool extra) {
    (void)extra;
    return fail_handler(ctx, how);
}
#define FAIL_HANDLER fail_handler_padded
#else
static const impt_option fail_options[] = {OPT("how", 'w', IMPT_OPTION_STRING, 0, "how", "How to fail.")};
#define FAIL_OPTIONS fail_options
#define FAIL_OPTION_COUNT 1
#define FAIL_HANDLER fail_handler
#endif

#if IMPT_TARGET_ABI_MINOR >= 3
#define NO_EXTRAS , NULL, 0, NULL, NULL
#elif IMPT_TARGET_ABI_MINOR >= 1
#define NO_EXTRAS , NULL, 0, NULL
#else
#define NO_EXTRAS
#endif

#if IMPT_TARGET_ABI_MINOR >= 3
/* ABI 1.3: one handler type, arguments read by name. */
static const impt_args_v1 *args_service;

static int32_t args_run(impt_context *ctx, const impt_arguments *args) {
    connect();
    args_service = host->get_service(IMPT_SERVICE_ARGS_V1);
    const char *text = NULL;
    bool flag = false;
    int32_t state = 0;
    int64_t number = 0;
    const char *const *list = NULL;
    size_t count = 0;
    double real = 0;
    int32_t status;
    if ((status = args_service->string(ctx, args, "text", &text)) != IMPT_OK) return status;
    if ((status = args_service->flag(ctx, args, "flag", &flag)) != IMPT_OK) return status;
    if ((status = args_service->tristate(ctx, args, "state", &state)) != IMPT_OK) return status;
    if ((status = args_service->integer(ctx, args, "number", &number)) != IMPT_OK) return status;
    if ((status = args_service->list(ctx, args, "item", &list, &count)) != IMPT_OK) return status;
    if ((status = args_service->number(ctx, args, "real", &real)) != IMPT_OK) return status;
    impt_value *o = values->new_object(ctx);
    put_string(ctx, o, "command", args_service->command(ctx, args));
    put_string(ctx, o, "text", text);
    values->set(ctx, o, "flag", values->new_bool(ctx, flag));
    values->set(ctx, o, "state", values->new_integer(ctx, state));
    values->set(ctx, o, "number", values->new_integer(ctx, number));
    values->set(ctx, o, "number_unset", values->new_bool(ctx, number == IMPT_INT_UNSET));
    put_list(ctx, o, "list", list);
    values->set(ctx, o, "count", values->new_integer(ctx, (int64_t)count));
    values->set(ctx, o, "real", real != real ? values->new_string(ctx, "NaN") : values->new_number(ctx, real));
    values->set(ctx, o, "text_given", values->new_bool(ctx, args_service->given(ctx, args, "text")));
    output->result(ctx, o);
    return IMPT_OK;
}

/* Reads an option with the accessor of another type, or one the command does not have. */
static int32_t misread_run(impt_context *ctx, const impt_arguments *args) {
    connect();
    args_service = host->get_service(IMPT_SERVICE_ARGS_V1);
    const char *const *list = (const char *const *)1;
    const char *how = NULL;
    int32_t status = args_service->string(ctx, args, "how", &how);
    if (status != IMPT_OK) return status;
    if (how && strcmp(how, "missing") == 0) {
        int64_t number = 0;
        return args_service->integer(ctx, args, "nothing", &number);
    }
    status = args_service->list(ctx, args, "how", &list, NULL);
    if (list != NULL) return host->fail(ctx, IMPT_ERR_FAILED, "the list was not cleared");
    return status;
}
#define RUN_COMMANDS                                                                                                   \
    , {IMPT_HEADER(impt_command), "args", "Echoes one option of each type (ABI 1.3).", NULL, NULL, types_options, 6, NULL, \
       NULL, 0, NULL, args_run},                                                                                        \
    {IMPT_HEADER(impt_command), "misread", "Reads an option wrongly (ABI 1.3).", NULL, NULL, fail_options_13, 1, NULL,  \
     NULL, 0, NULL, misread_run}
static const impt_option fail_options_13[] = {OPT("how", 'w', IMPT_OPTION_STRING, 0, "how", "What to read wrongly.")};
#define COMMAND_COUNT 5
#else
#define RUN_COMMANDS
#define COMMAND_COUNT 3
#endif

#ifndef FIXTURE_LANGUAGE
#define FIXTURE_LANGUAGE NULL
#endif
#ifndef FIXTURE_TOOLCHAIN
#define FIXTURE_TOOLCHAIN NULL
#endif

static const impt_command commands[] = {
    {{FIXTURE_COMMAND0_SIZE, IMPT_ABI_MAJOR, IMPT_TARGET_ABI_MINOR}, "types", "Echoes one option of each type.", NULL, NULL, types_options, 6,
     IMPT_HANDLER(types_handler) NO_EXTRAS},
    {{FIXTURE_COMMAND1_SIZE, IMPT_ABI_MAJOR, IMPT_TARGET_ABI_MINOR}, "wide", "Takes nineteen options.", NULL, NULL, wide_options, 19,
     IMPT_HANDLER(wide_handler) NO_EXTRAS},
    {IMPT_HEADER(impt_command), "fail", "Fails in the requested way.", NULL, NULL, FAIL_OPTIONS, FAIL_OPTION_COUNT,
     IMPT_HANDLER(FAIL_HANDLER) NO_EXTRAS} RUN_COMMANDS
};

#if IMPT_TARGET_ABI_MINOR >= 2 && (defined(FIXTURE_INIT_FAILS) || defined(FIXTURE_INIT_COUNTS))
static int32_t fixture_init(const impt_host *h, char *message, size_t size) {
    (void)h;
    init_calls++;
#ifdef FIXTURE_INIT_FAILS
#ifdef FIXTURE_INIT_FAILS_ON_REQUEST
    if (getenv("FIXTURE_INIT_REFUSES")) {
#else
    {
#endif
        snprintf(message, size, "%s", FIXTURE_INIT_FAILS);
        return IMPT_ERR_FAILED;
    }
#endif
    (void)message;
    (void)size;
    return IMPT_OK;
}
#define FIXTURE_INIT fixture_init
#else
#define FIXTURE_INIT NULL
#endif

static const impt_plugin_descriptor descriptor = {
    {FIXTURE_DESCRIPTOR_SIZE, FIXTURE_MAJOR, FIXTURE_MINOR},
    FIXTURE_GROUP,
    "Fixture commands for the tests.",
    NULL,
    "0.0.1",
    commands,
    COMMAND_COUNT,
#if IMPT_TARGET_ABI_MINOR >= 2
    FIXTURE_INIT,
#endif
#if IMPT_TARGET_ABI_MINOR >= 3
    FIXTURE_LANGUAGE,
    FIXTURE_TOOLCHAIN,
#endif
};

#ifdef FIXTURE_NO_ENTRY
IMPT_PLUGIN_EXPORT const impt_plugin_descriptor *some_other_symbol(const impt_host *h) {
#else
IMPT_PLUGIN_EXPORT const impt_plugin_descriptor *impt_plugin_entry(const impt_host *h) {
#endif
    host = h;
#ifdef FIXTURE_ENTRY_SEGFAULT
    volatile int *nowhere = NULL;
    *nowhere = 1;
#endif
#ifdef FIXTURE_ENTRY_ABORT
    abort();
#endif
#ifdef FIXTURE_ENTRY_HANGS
    for (;;) pause();
#endif
    return &descriptor;
}
