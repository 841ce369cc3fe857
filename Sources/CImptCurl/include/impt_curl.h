/*
 * HTTP through libcurl, loaded on first use with dlopen so that commands which make no request
 * never map libcurl into the process. Only this file's functions touch libcurl.
 */
#ifndef IMPT_CURL_H
#define IMPT_CURL_H

#include <stdbool.h>
#include <stddef.h>

/** Largest response body accepted when `max_body_bytes` is 0: 64 MiB. */
#define IMPT_HTTP_DEFAULT_MAX_BODY_BYTES ((size_t)64 * 1024 * 1024)
/** Largest block of response headers accepted (all header lines together): 256 KiB, below
    libcurl's own limit, so that the error names impt's. */
#define IMPT_HTTP_MAX_HEADER_BYTES ((size_t)256 * 1024)
/** A streaming exchange holds at most about this much received body that the caller has not read
    yet: beyond it the transfer pauses (the server is held back by TCP) until the caller reads. */
#define IMPT_HTTP_STREAM_BUFFER_BYTES ((size_t)256 * 1024)

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
    size_t max_body_bytes;          /* 0 = IMPT_HTTP_DEFAULT_MAX_BODY_BYTES */
    const char *proxy;              /* NULL = direct */
    const char *no_proxy;           /* NULL = none */
    const char *ca_bundle;          /* PEM file of trusted authorities; NULL = the system's */
    bool streaming;                 /* hand out a 2xx body as it arrives (impt_http_stream_read)
                                       instead of collecting it; other bodies are collected */

    /* Response. */
    long status;                    /* HTTP status, 0 when no response arrived */
    char *response_headers;         /* raw header block (malloc'd) */
    size_t response_headers_length;
    char *response_body;            /* malloc'd, NUL-terminated */
    size_t response_body_length;
    int transport_error;            /* 0, or libcurl's error code */
    bool tls_failure;               /* the TLS handshake or certificate check failed */
    bool too_large;                 /* the body or the headers exceeded their limit; aborted */
    bool timed_out;                 /* the connect or overall timeout expired */
    char error[256];                /* transport error text */

    /* Streaming state, kept by impt_curl.c (read only). */
    bool headers_done;              /* the final response's headers arrived: `status` is set */
    char *stream_data;              /* received body not read yet (malloc'd) */
    size_t stream_length;
    size_t stream_capacity;
    bool stream_paused;             /* the transfer waits until the caller reads */
    void *transfer;                 /* the exchange's transfer while it is in flight */
} impt_http_exchange;

/**
 * Loads libcurl if it is not loaded yet. `expect_tls` says whether the first request is HTTPS,
 * which decides the libcurl build that costs the least memory. Returns 0, or -1 with the reason
 * in `error`.
 */
int impt_curl_load(bool expect_tls, char *error, size_t error_size);

/**
 * Starts loading libcurl (as `impt_curl_load` would) on a detached thread, so that the load
 * overlaps the command's own start (reading files, checking options). Whoever needs the library
 * first waits for a load in progress; a failed prefetch leaves the error to that first load.
 */
void impt_curl_prefetch(bool expect_tls);

/** Whether libcurl has been loaded into this process. */
bool impt_curl_is_loaded(void);

/**
 * A set of exchanges driven together, fed incrementally: add exchanges at any time, run until
 * one finishes (or a wait passes), take the finished ones in completion order, add more. All
 * pools share one connection cache, so keep-alive connections outlive a pool, and pools may
 * nest (a pool can be driven while another has exchanges in flight; each keeps its own).
 */
typedef struct impt_http_pool impt_http_pool;

/** A new, empty pool; NULL when libcurl is not loaded or memory is short. */
impt_http_pool *impt_http_pool_create(void);

/**
 * Starts an exchange. The exchange, and everything its request fields point to, must stay valid
 * until `impt_http_pool_take` returns it. An exchange that cannot be started is finished at once
 * with `transport_error` set, and is taken like any other. Returns 0, or -1 when memory is too
 * short to take the exchange in at all: it is then finished with `transport_error` set and not
 * part of the pool.
 */
int impt_http_pool_add(impt_http_pool *pool, impt_http_exchange *exchange);

/**
 * Moves the transfers on until at least one exchange of this pool is finished, none is in
 * flight, a streaming exchange of this pool received headers or body (even while another pool
 * was being driven), or `wait_ms` milliseconds have passed. Returns the number still in flight.
 */
size_t impt_http_pool_run(impt_http_pool *pool, long wait_ms);

/**
 * `impt_http_pool_run` that also wakes up when `fd` (if not negative) becomes readable, which
 * `*fd_ready` then reports.
 */
size_t impt_http_pool_run_fd(impt_http_pool *pool, long wait_ms, int fd, bool *fd_ready);

/**
 * Moves up to `capacity` bytes of the body a streaming exchange received into `out` and returns
 * how many. Works while the exchange is in flight and after it finished (until it is released).
 * A transfer paused because the caller did not read goes on once the buffer is empty.
 */
size_t impt_http_stream_read(impt_http_exchange *exchange, char *out, size_t capacity);

/** The next finished exchange of the pool (response fields set), or NULL. */
impt_http_exchange *impt_http_pool_take(impt_http_pool *pool);

/** Exchanges added and not finished yet. */
size_t impt_http_pool_in_flight(const impt_http_pool *pool);

/**
 * Aborts the exchanges still in flight, releases the response buffers of finished exchanges not
 * taken yet, and frees the pool. Exchanges already taken are not touched.
 */
void impt_http_pool_destroy(impt_http_pool *pool);

/** Frees the response buffers of an exchange (the streaming buffer included). */
void impt_http_exchange_release(impt_http_exchange *exchange);

#endif
