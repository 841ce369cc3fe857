/*
 * The plugin tools/bench/abi-call-bench.sh calls: two commands with the same six options, one in
 * the positional form (libffi passes each value) and one in the ABI 1.3 form (the handler reads
 * each value by name through impt.args/1). Both touch every value and return.
 */
#include <stddef.h>
#include <string.h>

#include "impt_plugin.h"

static const impt_host *host;
static const impt_args_v1 *args;
static volatile size_t sink;

static int32_t positional(impt_context *ctx, const char *text, bool flag, int32_t state, int64_t number,
                          const char *const *list, double real) {
    (void)ctx;
    size_t total = (text ? strlen(text) : 0) + (size_t)flag + (size_t)state + (size_t)number + (size_t)real;
    for (size_t i = 0; list[i]; i++) total += strlen(list[i]);
    sink = total;
    return IMPT_OK;
}

static int32_t named(impt_context *ctx, const impt_arguments *a) {
    const char *text = NULL;
    bool flag = false;
    int32_t state = 0;
    int64_t number = 0;
    const char *const *list = NULL;
    size_t count = 0;
    double real = 0;
    if (args->string(ctx, a, "text", &text) || args->flag(ctx, a, "flag", &flag) || args->tristate(ctx, a, "state", &state) ||
        args->integer(ctx, a, "number", &number) || args->list(ctx, a, "item", &list, &count) ||
        args->number(ctx, a, "real", &real)) {
        return IMPT_ERR_FAILED;
    }
    size_t total = (text ? strlen(text) : 0) + (size_t)flag + (size_t)state + (size_t)number + (size_t)real;
    for (size_t i = 0; i < count; i++) total += strlen(list[i]);
    sink = total;
    return IMPT_OK;
}

static int32_t init(const impt_host *h, char *message, size_t size) {
    (void)message;
    (void)size;
    host = h;
    args = h->get_service(IMPT_SERVICE_ARGS_V1);
    return args ? IMPT_OK : IMPT_ERR_FAILED;
}

#define OPTION(...) {.header = IMPT_HEADER(impt_option), __VA_ARGS__}
static const impt_option options[] = {
    OPTION(.name = "text", .alias = 't', .type = IMPT_OPTION_STRING, .value_name = "text", .help = "Text."),
    OPTION(.name = "flag", .alias = 'f', .type = IMPT_OPTION_FLAG, .help = "Flag."),
    OPTION(.name = "state", .alias = 's', .type = IMPT_OPTION_BOOL, .help = "Tri-state."),
    OPTION(.name = "number", .alias = 'n', .type = IMPT_OPTION_INT, .value_name = "n", .help = "Integer."),
    OPTION(.name = "item", .alias = 'i', .type = IMPT_OPTION_STRING_LIST, .value_name = "item", .help = "Item."),
    OPTION(.name = "real", .alias = 'r', .type = IMPT_OPTION_NUMBER, .value_name = "x", .help = "Number."),
};

static const impt_command commands[] = {
    {.header = IMPT_HEADER(impt_command), .name = "positional", .summary = "Positional form.", .options = options,
     .option_count = 6, .handler = IMPT_HANDLER(positional)},
    {.header = IMPT_HEADER(impt_command), .name = "named", .summary = "ABI 1.3 form.", .options = options, .option_count = 6,
     .run = named},
};

static const impt_plugin_descriptor descriptor = {
    .header = IMPT_HEADER(impt_plugin_descriptor), .group = "bench", .summary = "Handler call benchmark.",
    .plugin_version = "1.0.0", .commands = commands, .command_count = 2, .init = init, .language = "C",
};

IMPT_PLUGIN_EXPORT const impt_plugin_descriptor *impt_plugin_entry(const impt_host *h) {
    host = h;
    return &descriptor;
}
