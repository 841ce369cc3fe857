/*
 * Test plugin for the ABI 1.2 services (impt.output/2, impt.values/2, impt.config/2) and for how
 * the host treats plugins that write with printf or call exit(). Group "svc".
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Written for ABI 1.2: it also checks that such plugins keep building against newer headers. */
#define IMPT_TARGET_ABI_MINOR 2
#include "impt_plugin.h"

static const impt_host *host;
static const impt_values_v2 *values;
static const impt_output_v2 *output;
static const impt_config_v2 *config;
static const impt_entities_v1 *entities;

static void connect(void) {
    values = host->get_service(IMPT_SERVICE_VALUES_V2);
    output = host->get_service(IMPT_SERVICE_OUTPUT_V2);
    config = host->get_service(IMPT_SERVICE_CONFIG_V2);
    entities = host->get_service(IMPT_SERVICE_ENTITIES_V1);
}

/* Prints `text` as a result string. */
static void print_line(impt_context *ctx, const char *text) {
    output->result(ctx, values->new_string(ctx, text));
}

/* Prints a value as compact JSON. */
static void print_json(impt_context *ctx, const impt_value *value) {
    char *json = values->serialize(ctx, value, false);
    print_line(ctx, json);
    host->free(json);
}

/* impt svc items --count n: n result items, with an info line between them. */
static int32_t items_handler(impt_context *ctx, int64_t count) {
    connect();
    for (int64_t i = 1; i <= count; i++) {
        impt_value *item = values->new_object(ctx), *body = values->new_object(ctx);
        values->set(ctx, body, "n", values->new_integer(ctx, i));
        values->set(ctx, body, "tags", values->new_array(ctx));
        values->set(ctx, item, "Item", body);
        output->result_item(ctx, item);
        if (i == 1) output->info(ctx, "First item printed.");
    }
    return IMPT_OK;
}

/* impt svc printf: host output, then the plugin's own buffered printf, then return. */
static int32_t printf_handler(impt_context *ctx, bool no_flush) {
    connect();
    output->info(ctx, "Host line.");
    if (!no_flush) output->flush(ctx);
    printf("Plugin printf line.\n");
    return IMPT_OK;
}

/* impt svc exit --code n: prints and then leaves the process with exit(n). */
static int32_t exit_handler(impt_context *ctx, int64_t code) {
    connect();
    output->info(ctx, "Leaving with exit().");
    impt_value *result = values->new_object(ctx);
    values->set(ctx, result, "Code", values->new_integer(ctx, code));
    output->result(ctx, result);
    exit((int)code);
}

/* impt svc progress --steps n: progress lines with an info line after the first step. */
static int32_t progress_handler(impt_context *ctx, int64_t steps) {
    connect();
    char text[64];
    for (int64_t i = 1; i <= steps; i++) {
        snprintf(text, sizeof text, "Working: %lld/%lld", (long long)i, (long long)steps);
        output->progress(ctx, text);
        if (i == 1) output->info(ctx, "Started.");
    }
    output->progress(ctx, "Almost \x1b[31mdone");
    output->info(ctx, "Done.");
    output->progress(ctx, "Left over");
    return IMPT_OK;
}

static long resident_kb(void) {
    FILE *status = fopen("/proc/self/status", "r");
    if (!status) return -1;
    char line[256];
    long kb = -1;
    while (fgets(line, sizeof line, status)) {
        if (strncmp(line, "VmRSS:", 6) == 0) kb = strtol(line + 6, NULL, 10);
    }
    fclose(status);
    return kb;
}

/*
 * impt svc strings --calls n [--unscoped]: n rounds of new_string + member + get_string + key_at,
 * each round in its own scope unless --unscoped; reports the growth of the resident set.
 */
static int32_t strings_handler(impt_context *ctx, int64_t calls, bool unscoped) {
    connect();
    impt_value *object = values->new_object(ctx);
    values->set(ctx, object, "name", values->new_string(ctx, "a product name of a typical length"));
    /* Warm up the allocator and the host's tables before measuring. */
    for (int i = 0; i < 1000; i++) {
        uint64_t mark = values->scope_begin(ctx);
        values->get_string(ctx, values->member(ctx, object, "name"));
        values->scope_end(ctx, mark);
    }
    long before = resident_kb();
    bool same = true;
    for (int64_t i = 0; i < calls; i++) {
        uint64_t mark = unscoped ? 0 : values->scope_begin(ctx);
        impt_value *name = values->member(ctx, object, "name");
        const char *first = values->get_string(ctx, name);
        const char *again = values->get_string(ctx, name);
        const char *key = values->key_at(ctx, object, 0);
        same = same && first == again && key == values->key_at(ctx, object, 0) && strcmp(first, "a product name of a typical length") == 0;
        if (!unscoped) values->scope_end(ctx, mark);
    }
    long after = resident_kb();
    impt_value *result = values->new_object(ctx);
    values->set(ctx, result, "growth_kb", values->new_integer(ctx, after - before));
    values->set(ctx, result, "same_pointer", values->new_bool(ctx, same));
    output->result(ctx, result);
    return IMPT_OK;
}

/* impt svc stale: handles of an ended scope read as null even after their slots are reused. */
static int32_t stale_handler(impt_context *ctx) {
    connect();
    impt_value *kept = values->new_array(ctx);
    uint64_t outer = values->scope_begin(ctx);
    impt_value *gone = values->new_string(ctx, "released");
    uint64_t inner = values->scope_begin(ctx);
    impt_value *inner_value = values->new_integer(ctx, 7);
    values->append(ctx, kept, values->new_string(ctx, "copied out"));
    values->scope_end(ctx, outer); /* also ends `inner` */
    values->scope_end(ctx, inner); /* already ended: ignored */
    impt_value *reused = values->new_string(ctx, "a newer value");
    impt_value *result = values->new_object(ctx);
    values->set(ctx, result, "stale_kind", values->new_integer(ctx, values->kind(ctx, gone)));
    values->set(ctx, result, "stale_string_is_null", values->new_bool(ctx, values->get_string(ctx, gone) == NULL));
    values->set(ctx, result, "inner_kind", values->new_integer(ctx, values->kind(ctx, inner_value)));
    values->set(ctx, result, "reused", values->new_string(ctx, values->get_string(ctx, reused)));
    values->set(ctx, result, "kept", kept);
    print_json(ctx, result);
    return IMPT_OK;
}

/* impt svc project-load / project-save --json '{...}' */
static int32_t project_load_handler(impt_context *ctx) {
    connect();
    impt_value *project = NULL;
    int32_t status = config->project_load(ctx, &project);
    if (status != IMPT_OK) return status;
    print_json(ctx, project);
    return IMPT_OK;
}

static int32_t project_save_handler(impt_context *ctx, const char *json, bool v1) {
    connect();
    impt_value *project = NULL;
    int32_t status = values->parse(ctx, json, &project);
    if (status != IMPT_OK) return status;
    const impt_config_v1 *config1 = host->get_service(IMPT_SERVICE_CONFIG_V1);
    return v1 ? config1->project_save(ctx, project) : config->project_save(ctx, project);
}

static int32_t scope_of(const char *name) {
    return name && strcmp(name, "user") == 0 ? IMPT_SETTINGS_USER : IMPT_SETTINGS_PROJECT;
}

/* impt svc settings --scope project|user [--save '{...}'] */
static int32_t settings_handler(impt_context *ctx, const char *scope, const char *save) {
    connect();
    impt_value *settings = NULL;
    int32_t status;
    if (save) {
        status = values->parse(ctx, save, &settings);
        if (status != IMPT_OK) return status;
        status = config->settings_save(ctx, scope_of(scope), settings);
        if (status != IMPT_OK) return status;
    }
    status = config->settings_load(ctx, scope_of(scope), &settings);
    if (status != IMPT_OK) return status;
    print_json(ctx, settings);
    return IMPT_OK;
}

/* impt svc resolve --kind n --id identifier */
static int32_t resolve_handler(impt_context *ctx, int64_t kind, const char *identifier) {
    connect();
    impt_value *found = NULL;
    int32_t status = entities->resolve(ctx, (int32_t)kind, identifier, IMPT_RESOLVE_NO_PROJECT, &found);
    if (status != IMPT_OK) return status;
    print_line(ctx, values->get_string(ctx, values->member(ctx, found, "id")));
    return IMPT_OK;
}

/* impt svc echo --text s: prints a string as an info line, an error line and a result. */
static int32_t echo_handler(impt_context *ctx, const char *text) {
    connect();
    output->info(ctx, text);
    impt_value *result = values->new_object(ctx), *body = values->new_object(ctx);
    values->set(ctx, body, "name", values->new_string(ctx, text));
    values->set(ctx, result, text, body);
    output->result(ctx, result);
    return host->fail(ctx, IMPT_ERR_FAILED, text);
}

/* impt svc confirm --text s: asks for a confirmation after printing `s`. */
static int32_t confirm_handler(impt_context *ctx, const char *text) {
    connect();
    const impt_prompt_v1 *prompt = host->get_service(IMPT_SERVICE_PROMPT_V1);
    return prompt->confirm(ctx, text);
}

/* impt svc request --method M --path P [--body json]: one impt.api/1 request; prints the body. */
static int32_t request_handler(impt_context *ctx, const char *method, const char *path, const char *body_json) {
    connect();
    const impt_api_v1 *api = host->get_service(IMPT_SERVICE_API_V1);
    impt_value *body = NULL, *out = NULL;
    if (body_json) {
        int32_t status = values->parse(ctx, body_json, &body);
        if (status != IMPT_OK) return status;
    }
    int32_t status = api->request(ctx, method, path, NULL, body, NULL, &out);
    if (status != IMPT_OK) return status;
    if (out) print_json(ctx, out);
    return IMPT_OK;
}

#define OPT(name, type, flags, value, help) {IMPT_HEADER(impt_option), name, 0, type, flags, value, help, NULL, NULL}
#define COMMAND(name, summary, options, count, handler) \
    {IMPT_HEADER(impt_command), name, summary, NULL, NULL, options, count, IMPT_HANDLER(handler), NULL, 0, NULL}

static const impt_option count_options[] = {OPT("count", IMPT_OPTION_INT, 0, "n", "How many.")};
static const impt_option printf_options[] = {OPT("no-flush", IMPT_OPTION_FLAG, 0, NULL, "Skip the flush.")};
static const impt_option exit_options[] = {OPT("code", IMPT_OPTION_INT, 0, "n", "Exit status.")};
static const impt_option steps_options[] = {OPT("steps", IMPT_OPTION_INT, 0, "n", "Steps.")};
static const impt_option strings_options[] = {
    OPT("calls", IMPT_OPTION_INT, 0, "n", "Rounds."), OPT("unscoped", IMPT_OPTION_FLAG, 0, NULL, "No scopes.")};
static const impt_option save_options[] = {
    OPT("json", IMPT_OPTION_STRING, IMPT_OPTION_REQUIRED, "json", "Members to save."),
    OPT("v1", IMPT_OPTION_FLAG, 0, NULL, "Use impt.config/1.")};
static const impt_option settings_options[] = {
    OPT("scope", IMPT_OPTION_STRING, 0, "scope", "project or user."),
    OPT("save", IMPT_OPTION_STRING, 0, "json", "Settings to save first.")};
static const impt_option resolve_options[] = {
    OPT("kind", IMPT_OPTION_INT, IMPT_OPTION_REQUIRED, "n", "Entity kind."),
    OPT("id", IMPT_OPTION_STRING, IMPT_OPTION_ALLOW_EMPTY, "identifier", "Identifier.")};
static const impt_option request_options[] = {
    OPT("method", IMPT_OPTION_STRING, IMPT_OPTION_REQUIRED, "method", "HTTP method."),
    OPT("path", IMPT_OPTION_STRING, IMPT_OPTION_REQUIRED, "path", "Path below the endpoint."),
    OPT("body", IMPT_OPTION_STRING, 0, "json", "Request body.")};
static const impt_option echo_options[] = {OPT("text", IMPT_OPTION_STRING, IMPT_OPTION_REQUIRED, "text", "Text.")};

static const impt_command commands[] = {
    COMMAND("items", "Result items.", count_options, 1, items_handler),
    COMMAND("printf", "Writes with printf.", printf_options, 1, printf_handler),
    COMMAND("exit", "Calls exit().", exit_options, 1, exit_handler),
    COMMAND("progress", "Shows progress.", steps_options, 1, progress_handler),
    COMMAND("strings", "Borrows strings in scopes.", strings_options, 2, strings_handler),
    COMMAND("stale", "Reads released handles.", NULL, 0, stale_handler),
    COMMAND("project-load", "Loads the project file.", NULL, 0, project_load_handler),
    COMMAND("project-save", "Saves into the project file.", save_options, 2, project_save_handler),
    COMMAND("settings", "Loads (and saves) settings.", settings_options, 2, settings_handler),
    COMMAND("resolve", "Resolves an identifier.", resolve_options, 2, resolve_handler),
    COMMAND("echo", "Prints a text every way.", echo_options, 1, echo_handler),
    COMMAND("confirm", "Asks for a confirmation.", echo_options, 1, confirm_handler),
    COMMAND("request", "Sends one impCentral request.", request_options, 3, request_handler),
};

static const impt_plugin_descriptor descriptor = {
    IMPT_HEADER(impt_plugin_descriptor), "svc", "Service tests.", NULL, "0.0.1", commands,
    sizeof commands / sizeof commands[0], NULL,
};

IMPT_PLUGIN_EXPORT const impt_plugin_descriptor *impt_plugin_entry(const impt_host *h) {
    host = h;
    return &descriptor;
}
