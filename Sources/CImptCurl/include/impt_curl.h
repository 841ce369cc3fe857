/*
 * HTTP through libcurl, loaded on first use with dlopen so that commands which make no request
 * never map libcurl into the process. Only this file's functions touch libcurl.
 */
#ifndef IMPT_CURL_H
#define IMPT_CURL_H

#include <stdbool.h>
#include <stddef.h>

/** One HTTP exchange: the request fields are set by the caller, the response fields by libcurl. */
typedef struct impt_http_exchange {
    /* Request. */
    const char *method;             /* "GET", "POST", "PATCH", "PUT", "DELETE" */
    const char *url;
    const char *const *headers;     /* "Name: value" lines */
    size_t header_count;
    const char *body;               /* NULL for no body */
    size_t body_length;
    long connect_timeout_ms;
    long timeout_ms;                /* 0 = no overall limit */
    const char *proxy;              /* NULL = direct */
    const char *no_proxy;           /* NULL = none */
    const char *ca_bundle;          /* PEM file of trusted authorities; NULL = the system's */

    /* Response. */
    long status;                    /* HTTP status, 0 when no response arrived */
    char *response_headers;         /* raw header block (malloc'd) */
    size_t response_headers_length;
    char *response_body;            /* malloc'd, NUL-terminated */
    size_t response_body_length;
    int transport_error;            /* 0, or libcurl's error code */
    bool tls_failure;               /* the TLS handshake or certificate check failed */
    char error[256];                /* transport error text */
} impt_http_exchange;

/**
 * Loads libcurl if it is not loaded yet. `expect_tls` says whether the first request is HTTPS,
 * which decides the libcurl build that costs the least memory. Returns 0, or -1 with the reason
 * in `error`.
 */
int impt_curl_load(bool expect_tls, char *error, size_t error_size);

/** Whether libcurl has been loaded into this process. */
bool impt_curl_is_loaded(void);

/** Called every `tick_interval_ms` while exchanges are in flight (e.g. to animate a spinner). */
typedef void (*impt_http_tick)(void *context);

/**
 * Performs the exchanges, at most `max_parallel` at a time, reusing connections (keep-alive).
 * While waiting, calls `tick(tick_context)` each time `tick_interval_ms` has passed, the first
 * time one interval after the start; `tick` may be NULL. Returns 0 once every exchange has
 * finished (successfully or with `transport_error` set), or -1 when libcurl is unavailable.
 */
int impt_http_perform(impt_http_exchange *exchanges, size_t count, size_t max_parallel,
                      impt_http_tick tick, void *tick_context, long tick_interval_ms);

/** Frees the response buffers of an exchange. */
void impt_http_exchange_release(impt_http_exchange *exchange);

#endif
