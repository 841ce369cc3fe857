/*
 * An impt plugin written in plain C, as a third party would write one: it compiles against the
 * ABI header alone (impt_plugin.h from the impt-dev package, or Sources/ImptPluginAPI/include).
 *
 *   cc -shared -fPIC -fvisibility=hidden $(pkg-config --cflags impt-plugin) example_plugin.c \
 *      -o libimpt-example.so -lm
 *
 * It adds the group `example` with three commands, all in the ABI 1.3 handler form (one C type,
 * arguments read by option name through impt.args/1):
 *   impt example echo ...       shows how every option type reaches a handler;
 *   impt example whoami         asks impCentral who is logged in and prints it like impt does;
 *   impt example products ...   fetches Products concurrently (impt.api/2 bulk requests), printing
 *                               each as it arrives (impt.output/2 result items) inside a values
 *                               scope per item (impt.values/2).
 * The descriptor's `init` callback refuses the plugin, with a reason, on an impt without the
 * services it needs.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "impt_plugin.h"

static const impt_host *host;
static const impt_values_v2 *values;
static const impt_output_v2 *output;
static const impt_api_v2 *api;
static const impt_entities_v1 *entities;
static const impt_args_v1 *args_service;

/* Runs once before the first handler: every service is looked up here, or the plugin says why
 * it cannot work (impt then skips it and names the reason). */
static int32_t example_init(const impt_host *h, char *message, size_t size) {
    host = h;
    values = h->get_service(IMPT_SERVICE_VALUES_V2);
    output = h->get_service(IMPT_SERVICE_OUTPUT_V2);
    api = h->get_service(IMPT_SERVICE_API_V2);
    entities = h->get_service(IMPT_SERVICE_ENTITIES_V1);
    args_service = h->get_service(IMPT_SERVICE_ARGS_V1);
    if (!values || !output || !api || !entities || !args_service) {
        snprintf(message, size, "this impt lacks a service the example plugin needs (impt 3.0 or newer is required)");
        return IMPT_ERR_FAILED;
    }
    return IMPT_OK;
}

static void set_string(impt_context *ctx, impt_value *object, const char *key, const char *text) {
    values->set(ctx, object, key, values->new_string(ctx, text));
}

/* Reads every option by name; each accessor checks the option's declared type. */
static int32_t echo_run(impt_context *ctx, const impt_arguments *args) {
    const char *text = NULL, *note = NULL, *choice = NULL;
    bool flag = false;
    int32_t state = IMPT_BOOL_UNSET, status;
    int64_t count = IMPT_INT_UNSET, positive = 0;
    const char *const *tags = NULL;
    size_t tag_count = 0;
    double ratio = NAN;
    if ((status = args_service->string(ctx, args, "text", &text)) != IMPT_OK ||
        (status = args_service->string(ctx, args, "note", &note)) != IMPT_OK ||
        (status = args_service->flag(ctx, args, "flag", &flag)) != IMPT_OK ||
        (status = args_service->tristate(ctx, args, "state", &state)) != IMPT_OK ||
        (status = args_service->integer(ctx, args, "count", &count)) != IMPT_OK ||
        (status = args_service->integer(ctx, args, "positive", &positive)) != IMPT_OK ||
        (status = args_service->list(ctx, args, "tag", &tags, &tag_count)) != IMPT_OK ||
        (status = args_service->number(ctx, args, "ratio", &ratio)) != IMPT_OK ||
        (status = args_service->string(ctx, args, "choice", &choice)) != IMPT_OK) {
        return status; /* the host reports the recorded reason */
    }

    impt_value *echo = values->new_object(ctx);
    set_string(ctx, echo, "text", text ? text : "(absent)");
    set_string(ctx, echo, "note", note ? note : "(absent)");
    set_string(ctx, echo, "flag", flag ? "true" : "false");
    set_string(ctx, echo, "state", state == IMPT_BOOL_UNSET ? "(absent)" : state ? "true" : "false");
    if (count == IMPT_INT_UNSET) {
        set_string(ctx, echo, "count", "(absent)");
    } else {
        values->set(ctx, echo, "count", values->new_integer(ctx, count));
    }
    values->set(ctx, echo, "positive", values->new_integer(ctx, positive));
    impt_value *list = values->new_array(ctx);
    for (size_t i = 0; i < tag_count; i++) values->append(ctx, list, values->new_string(ctx, tags[i]));
    values->set(ctx, echo, "tags", list);
    values->set(ctx, echo, "tag_count", values->new_integer(ctx, (int64_t)tag_count));
    if (isnan(ratio)) {
        set_string(ctx, echo, "ratio", "(absent)");
    } else {
        values->set(ctx, echo, "ratio", values->new_number(ctx, ratio));
    }
    set_string(ctx, echo, "choice", choice ? choice : "(absent)");

    impt_value *result = values->new_object(ctx);
    values->set(ctx, result, "Echo", echo);
    output->info(ctx, "Options are received successfully.");
    output->result(ctx, result);
    return IMPT_OK;
}

/* Uses the caller's auth context, like every built-in command. */
static int32_t whoami_run(impt_context *ctx, const impt_arguments *args) {
    (void)args;
    impt_value *account = NULL, *shown = NULL;
    int32_t status = entities->resolve(ctx, IMPT_ENTITY_ACCOUNT, "me", IMPT_RESOLVE_NO_PROJECT, &account);
    if (status != IMPT_OK) return status;
    status = entities->display(ctx, IMPT_ENTITY_ACCOUNT, IMPT_DISPLAY_INFO, values->member(ctx, account, "data"), &shown);
    if (status != IMPT_OK) return status;
    output->result(ctx, shown);
    return IMPT_OK;
}

/* Called for each finished request, in completion order: prints the Product as a result item
 * (a JSON line in json mode) and releases what it made at once. */
static int32_t product_arrived(impt_context *ctx, void *user_data, size_t index, const impt_value *result) {
    (void)user_data;
    (void)index;
    uint64_t mark = values->scope_begin(ctx);
    impt_value *data = values->lookup(ctx, result, "body.data");
    if (data && values->kind(ctx, data) == IMPT_VALUE_OBJECT) {
        impt_value *shown = NULL;
        if (entities->display(ctx, IMPT_ENTITY_PRODUCT, IMPT_DISPLAY_SHORT, data, &shown) == IMPT_OK) {
            output->result_item(ctx, shown);
        }
    } else {
        const char *message = values->get_string(ctx, values->member(ctx, result, "message"));
        output->error_line(ctx, message && *message ? message : "a Product could not be read");
    }
    values->scope_end(ctx, mark);
    return IMPT_OK;
}

/* Fetches the given Products (ids) concurrently. */
static int32_t products_run(impt_context *ctx, const impt_arguments *args) {
    const char *const *ids = NULL;
    size_t count = 0;
    int32_t status = args_service->list(ctx, args, "id", &ids, &count);
    if (status != IMPT_OK) return status;
    impt_value *requests = values->new_array(ctx);
    for (size_t i = 0; i < count; i++) {
        char path[512];
        snprintf(path, sizeof path, "/products/%s", ids[i]);
        impt_value *request = values->new_object(ctx);
        set_string(ctx, request, "method", "GET");
        set_string(ctx, request, "path", path);
        values->append(ctx, requests, request);
    }
    impt_bulk_options options = {
        .header = IMPT_HEADER(impt_bulk_options),
        .concurrency = 0,
        .on_item = product_arrived,
        .user_data = NULL,
        .progress_label = "Fetching Products",
    };
    impt_value *outcomes = NULL;
    return api->bulk(ctx, requests, &options, &outcomes);
}

static const char *const choices[] = {"red", "green", "blue", NULL};

#define OPTION(...) {.header = IMPT_HEADER(impt_option), __VA_ARGS__}

static const impt_option echo_options[] = {
    OPTION(.name = "text", .alias = 't', .type = IMPT_OPTION_STRING, .value_name = "text", .help = "Any text."),
    OPTION(.name = "note", .alias = 'n', .type = IMPT_OPTION_STRING, .flags = IMPT_OPTION_ALLOW_EMPTY, .value_name = "note",
           .help = "Text that may be empty."),
    OPTION(.name = "flag", .alias = 'f', .type = IMPT_OPTION_FLAG, .help = "A flag."),
    OPTION(.name = "state", .alias = 's', .type = IMPT_OPTION_BOOL, .help = "A boolean that accepts true or false."),
    OPTION(.name = "count", .alias = 'c', .type = IMPT_OPTION_INT, .value_name = "number", .help = "A whole number."),
    OPTION(.name = "positive", .alias = 'p', .type = IMPT_OPTION_INT, .flags = IMPT_OPTION_POSITIVE, .value_name = "number",
           .help = "A positive whole number.", .default_value = "20"),
    OPTION(.name = "tag", .alias = 'g', .type = IMPT_OPTION_STRING_LIST, .value_name = "tag", .help = "A tag."),
    OPTION(.name = "ratio", .alias = 'r', .type = IMPT_OPTION_NUMBER, .value_name = "number", .help = "Any number."),
    OPTION(.name = "choice", .alias = 'k', .type = IMPT_OPTION_STRING, .value_name = "colour", .help = "One colour.",
           .choices = choices),
};

static const impt_option products_options[] = {
    OPTION(.name = "id", .alias = 'i', .type = IMPT_OPTION_STRING_LIST, .flags = IMPT_OPTION_REQUIRED,
           .value_name = "PRODUCT_ID", .help = "A Product id."),
};

static const impt_constraint echo_constraints[] = {
    {.header = IMPT_HEADER(impt_constraint), .kind = IMPT_CONSTRAINT_EXCLUSIVE, .first = "flag", .second = "state"},
};

#define COUNT(array) (sizeof array / sizeof array[0])

static const impt_command commands[] = {
    {.header = IMPT_HEADER(impt_command), .name = "echo", .summary = "Shows the options it receives.",
     .description = "Shows every option it receives, to demonstrate how plugins get their arguments.",
     .options = echo_options, .option_count = COUNT(echo_options), .constraints = echo_constraints,
     .constraint_count = COUNT(echo_constraints), .examples = "impt example echo --text hi --tag a --tag b",
     .run = echo_run},
    {.header = IMPT_HEADER(impt_command), .name = "whoami", .summary = "Shows the account impt is logged in to.",
     .run = whoami_run},
    {.header = IMPT_HEADER(impt_command), .name = "products", .summary = "Shows Products, fetched concurrently.",
     .description = "Fetches the given Products from impCentral at the same time and shows each as it arrives.",
     .options = products_options, .option_count = COUNT(products_options), .run = products_run},
};

static const impt_plugin_descriptor descriptor = {
    .header = IMPT_HEADER(impt_plugin_descriptor),
    .group = "example",
    .summary = "Example commands from a plugin written in C.",
    .description = "Example commands from a third-party plugin written in plain C against the impt plugin ABI.",
    .plugin_version = "1.1.0",
    .commands = commands,
    .command_count = COUNT(commands),
    .init = example_init,
    .language = "C",
#if defined(__clang__)
    .toolchain = "clang " __clang_version__,
#elif defined(__GNUC__)
    .toolchain = "gcc " __VERSION__,
#endif
};

IMPT_PLUGIN_EXPORT const impt_plugin_descriptor *impt_plugin_entry(const impt_host *h) {
    host = h;
    return &descriptor;
}
