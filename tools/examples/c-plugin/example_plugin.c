/*
 * An impt plugin written in plain C, as a third party would write one: it compiles against
 * Sources/ImptPluginAPI/include/impt_plugin.h alone.
 *
 *   cc -shared -fPIC -I<path to impt_plugin.h> example_plugin.c -o libimpt-example.so
 *
 * It adds the group `example` with two commands:
 *   impt example echo ...   shows how every option type reaches a handler;
 *   impt example whoami     asks impCentral who is logged in and prints it like impt does.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "impt_plugin.h"

static const impt_host *host;
static const impt_values_v1 *values;
static const impt_output_v1 *output;
static const impt_api_v1 *api;
static const impt_entities_v1 *entities;

/* Services are looked up on first use; a missing one is reported instead of crashing. */
static int32_t connect_services(impt_context *ctx) {
    if (!values) values = host->get_service(IMPT_SERVICE_VALUES_V1);
    if (!output) output = host->get_service(IMPT_SERVICE_OUTPUT_V1);
    if (!api) api = host->get_service(IMPT_SERVICE_API_V1);
    if (!entities) entities = host->get_service(IMPT_SERVICE_ENTITIES_V1);
    if (!values || !output || !api || !entities) {
        return host->fail(ctx, IMPT_ERR_INTERNAL, "this impt lacks a service the example plugin needs");
    }
    return IMPT_OK;
}

static void set_string(impt_context *ctx, impt_value *object, const char *key, const char *text) {
    values->set(ctx, object, key, values->new_string(ctx, text));
}

/* impt example echo: one parameter per option, in declaration order. */
static int32_t echo_handler(impt_context *ctx, const char *text, const char *note, bool flag, int32_t state,
                            int64_t count, int64_t positive, const char *const *tags, double ratio,
                            const char *choice) {
    int32_t status = connect_services(ctx);
    if (status != IMPT_OK) return status;

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
    for (size_t i = 0; tags[i]; i++) values->append(ctx, list, values->new_string(ctx, tags[i]));
    values->set(ctx, echo, "tags", list);
    values->set(ctx, echo, "tag_count", values->new_integer(ctx, (int64_t)values->count(ctx, list)));
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

/* impt example whoami: uses the caller's auth context, like every built-in command. */
static int32_t whoami_handler(impt_context *ctx) {
    int32_t status = connect_services(ctx);
    if (status != IMPT_OK) return status;
    impt_value *account = NULL;
    status = entities->resolve(ctx, IMPT_ENTITY_ACCOUNT, "me", IMPT_RESOLVE_NO_PROJECT, &account);
    if (status != IMPT_OK) return status; /* the host reports the recorded failure */
    impt_value *shown = NULL;
    status = entities->display(ctx, IMPT_ENTITY_ACCOUNT, IMPT_DISPLAY_INFO, values->member(ctx, account, "data"), &shown);
    if (status != IMPT_OK) return status;
    output->result(ctx, shown);
    return IMPT_OK;
}

static const char *const choices[] = {"red", "green", "blue", NULL};

static const impt_option echo_options[] = {
    {IMPT_HEADER(impt_option), "text", 't', IMPT_OPTION_STRING, 0, "text", "Any text.", NULL, NULL},
    {IMPT_HEADER(impt_option), "note", 'n', IMPT_OPTION_STRING, IMPT_OPTION_ALLOW_EMPTY, "note",
     "Text that may be empty.", NULL, NULL},
    {IMPT_HEADER(impt_option), "flag", 'f', IMPT_OPTION_FLAG, 0, NULL, "A flag.", NULL, NULL},
    {IMPT_HEADER(impt_option), "state", 's', IMPT_OPTION_BOOL, 0, NULL, "A boolean that accepts true or false.",
     NULL, NULL},
    {IMPT_HEADER(impt_option), "count", 'c', IMPT_OPTION_INT, 0, "number", "A whole number.", NULL, NULL},
    {IMPT_HEADER(impt_option), "positive", 'p', IMPT_OPTION_INT, IMPT_OPTION_POSITIVE, "number",
     "A positive whole number.", NULL, "20"},
    {IMPT_HEADER(impt_option), "tag", 'g', IMPT_OPTION_STRING_LIST, 0, "tag", "A tag.", NULL, NULL},
    {IMPT_HEADER(impt_option), "ratio", 'r', IMPT_OPTION_NUMBER, 0, "number", "Any number.", NULL, NULL},
    {IMPT_HEADER(impt_option), "choice", 'k', IMPT_OPTION_STRING, 0, "colour", "One colour.", choices, NULL},
};

static const impt_constraint echo_constraints[] = {
    {IMPT_HEADER(impt_constraint), IMPT_CONSTRAINT_EXCLUSIVE, "flag", "state"},
};

static const impt_command commands[] = {
    {IMPT_HEADER(impt_command), "echo", "Shows the options it receives.",
     "Shows every option it receives, to demonstrate how plugins get their arguments.", NULL, echo_options,
     sizeof echo_options / sizeof echo_options[0], IMPT_HANDLER(echo_handler), echo_constraints,
     sizeof echo_constraints / sizeof echo_constraints[0], "impt example echo --text hi --tag a --tag b"},
    {IMPT_HEADER(impt_command), "whoami", "Shows the account impt is logged in to.", NULL, NULL, NULL, 0,
     IMPT_HANDLER(whoami_handler), NULL, 0, NULL},
};

static const impt_plugin_descriptor descriptor = {
    IMPT_HEADER(impt_plugin_descriptor),
    "example",
    "Example commands from a plugin written in C.",
    "Example commands from a third-party plugin written in plain C against the impt plugin ABI.",
    "1.0.0",
    commands,
    sizeof commands / sizeof commands[0],
    NULL, /* init: nothing to prepare (ABI 1.2) */
};

IMPT_PLUGIN_EXPORT const impt_plugin_descriptor *impt_plugin_entry(const impt_host *h) {
    host = h;
    return &descriptor;
}
