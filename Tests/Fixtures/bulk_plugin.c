/*
 * Test plugin for impt.api/2 bulk requests, compiled by the tests and by tools/bench with the
 * system C compiler. `impt bulk run --request "METHOD PATH [JSON BODY]" ...` sends the requests
 * through `impt_api_v2.bulk`, prints one line per item as it finishes and then every result in
 * request order, and returns bulk's status. With `--v1` the same requests go through
 * `impt_api_v1.request_many` instead (no per-item lines).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Written for ABI 1.2: it also checks that such plugins keep building against newer headers. */
#define IMPT_TARGET_ABI_MINOR 2
#include "impt_plugin.h"

static const impt_host *host;
static const impt_values_v1 *values;
static const impt_output_v1 *output;
static const impt_api_v2 *api;

typedef struct progress {
    int64_t stop_after;  /* stop the batch after this many items; IMPT_INT_UNSET for never */
    int64_t seen;
    bool quiet;
} progress;

static int64_t integer_member(impt_context *ctx, const impt_value *object, const char *key) {
    int64_t number = -1;
    values->get_integer(ctx, values->member(ctx, object, key), &number);
    return number;
}

static int32_t on_item(impt_context *ctx, void *user_data, size_t index, const impt_value *result) {
    progress *state = user_data;
    state->seen++;
    if (!state->quiet) {
        char line[128];
        snprintf(line, sizeof line, "item %zu: status %" PRId64 " http %" PRId64, index,
                 integer_member(ctx, result, "status"), integer_member(ctx, result, "http_status"));
        output->info(ctx, line);
    }
    if (state->stop_after != IMPT_INT_UNSET && state->seen >= state->stop_after) {
        return host->fail(ctx, IMPT_ERR_CANCELLED, "Stopped by the fixture.");
    }
    return IMPT_OK;
}

/* "METHOD PATH [BODY]" as a request object. */
static impt_value *request_from(impt_context *ctx, const char *text) {
    char method[16] = {0}, path[1024] = {0};
    int consumed = 0;
    if (sscanf(text, "%15s %1023s %n", method, path, &consumed) < 2) return NULL;
    impt_value *request = values->new_object(ctx);
    values->set(ctx, request, "method", values->new_string(ctx, method));
    values->set(ctx, request, "path", values->new_string(ctx, path));
    if (consumed > 0 && text[consumed] != '\0') {
        impt_value *body = NULL;
        if (values->parse(ctx, text + consumed, &body) != IMPT_OK) return NULL;
        values->set(ctx, request, "body", body);
    }
    return request;
}

static int32_t run_handler(impt_context *ctx, const char *const *requests, int64_t repeat, int64_t concurrency,
                           const char *label, int64_t stop_after, bool quiet, bool v1) {
    values = host->get_service(IMPT_SERVICE_VALUES_V1);
    output = host->get_service(IMPT_SERVICE_OUTPUT_V1);
    api = host->get_service(IMPT_SERVICE_API_V2);
    const impt_api_v1 *api1 = host->get_service(IMPT_SERVICE_API_V1);
    if (!(v1 ? (const void *)api1 : (const void *)api)) {
        return host->fail(ctx, IMPT_ERR_FAILED, "The host does not offer the service.");
    }
    impt_value *list = values->new_array(ctx);
    for (int64_t round = 0; round < (repeat == IMPT_INT_UNSET ? 1 : repeat); round++) {
        for (size_t i = 0; requests[i]; i++) {
            impt_value *request = request_from(ctx, requests[i]);
            if (!request) return host->fail(ctx, IMPT_ERR_USAGE, "Each request is \"METHOD PATH [JSON BODY]\".");
            values->append(ctx, list, request);
        }
    }
    progress state = {stop_after, 0, quiet};
    impt_bulk_options options = {IMPT_HEADER(impt_bulk_options), 0, on_item, &state, label};
    options.concurrency = concurrency == IMPT_INT_UNSET ? 0 : (uint32_t)concurrency;
    impt_value *results = NULL;
    int32_t status = v1 ? api1->request_many(ctx, list, &results) : api->bulk(ctx, list, &options, &results);
    size_t count = values->count(ctx, results);
    size_t succeeded = 0;
    for (size_t i = 0; i < count; i++) {
        const impt_value *result = values->element(ctx, results, i);
        int64_t item_status = integer_member(ctx, result, "status");
        if (item_status == IMPT_OK) succeeded++;
        if (quiet) continue;
        const char *message = values->get_string(ctx, values->member(ctx, result, "message"));
        char line[512];
        snprintf(line, sizeof line, "%zu: status %" PRId64 " http %" PRId64 "%s%s", i, item_status,
                 integer_member(ctx, result, "http_status"), message && *message ? " " : "", message ? message : "");
        output->info(ctx, line);
    }
    char summary[128];
    snprintf(summary, sizeof summary, "%s returned %d: %zu of %zu succeeded", v1 ? "request_many" : "bulk", status,
             succeeded, count);
    output->info(ctx, summary);
    return status;
}

#define OPT(name, alias, type, value, help) {IMPT_HEADER(impt_option), name, alias, type, 0, value, help, NULL, NULL}

static const impt_option run_options[] = {
    OPT("request", 'r', IMPT_OPTION_STRING_LIST, "request", "\"METHOD PATH [JSON BODY]\"; may be repeated."),
    OPT("repeat", 'n', IMPT_OPTION_INT, "count", "Sends the list this many times."),
    OPT("concurrency", 'c', IMPT_OPTION_INT, "count", "Requests in flight at once."),
    OPT("label", 'l', IMPT_OPTION_STRING, "text", "Progress label."),
    OPT("stop-after", 's', IMPT_OPTION_INT, "count", "Stops the batch after this many items."),
    OPT("quiet", 'q', IMPT_OPTION_FLAG, NULL, "Prints only the summary."),
    OPT("v1", 0, IMPT_OPTION_FLAG, NULL, "Uses impt.api/1 request_many."),
};

static const impt_command commands[] = {
    {IMPT_HEADER(impt_command), "run", "Sends requests through impt.api/2 bulk.", NULL, NULL, run_options, 7,
     IMPT_HANDLER(run_handler), NULL, 0, NULL},
};

static const impt_plugin_descriptor descriptor = {
    IMPT_HEADER(impt_plugin_descriptor), "bulk", "Bulk request fixture.", NULL, "0.0.1", commands, 1, NULL,
};

IMPT_PLUGIN_EXPORT const impt_plugin_descriptor *impt_plugin_entry(const impt_host *h) {
    host = h;
    return &descriptor;
}
