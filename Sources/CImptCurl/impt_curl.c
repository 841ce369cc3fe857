#include "impt_curl.h"

#include <curl/curl.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* libcurl entry points, resolved with dlsym. */
static struct {
    bool loaded;
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    void (*easy_cleanup)(CURL *);
    const char *(*easy_strerror)(CURLcode);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
    CURLM *(*multi_init)(void);
    CURLMcode (*multi_add_handle)(CURLM *, CURL *);
    CURLMcode (*multi_remove_handle)(CURLM *, CURL *);
    CURLMcode (*multi_perform)(CURLM *, int *);
    CURLMcode (*multi_poll)(CURLM *, struct curl_waitfd *, unsigned int, int, int *);
    CURLMsg *(*multi_info_read)(CURLM *, int *);
    CURLM *multi;
} lib;

#define RESOLVE(field, name)                                                        \
    do {                                                                            \
        void *symbol = dlsym(handle, name);                                         \
        if (!symbol) {                                                              \
            snprintf(error, error_size, "libcurl lacks %s", name);                  \
            return -1;                                                              \
        }                                                                           \
        memcpy(&lib.field, &symbol, sizeof symbol);                                 \
    } while (0)

/* Debian's libcurl links libssh2, and curl_global_init calls libssh2_init(0), which brings up a
   complete second crypto library (OpenSSL) that an HTTP(S)-only client never touches: with the
   GnuTLS build, about 1.5 MiB of resident memory. libssh2 counts its initialisations and sets up
   crypto only on the first one, so registering a crypto-less first initialisation here turns
   curl's call into a no-op. transfer_setup limits transfers to HTTP(S), so no SSH transfer can
   ever run without its crypto. Builds without libssh2 simply lack the symbol. */
static void skip_ssh_crypto_init(void *handle) {
    enum { LIBSSH2_INIT_NO_CRYPTO = 0x0001 };
    void *symbol = dlsym(handle, "libssh2_init");
    if (!symbol) return;
    int (*ssh_init)(int);
    memcpy(&ssh_init, &symbol, sizeof symbol);
    ssh_init(LIBSSH2_INIT_NO_CRYPTO);
}

int impt_curl_load(bool expect_tls, char *error, size_t error_size) {
    if (lib.loaded) return 0;
    const char *override = getenv("IMPT_LIBCURL");
    /* Debian ships libcurl built against OpenSSL and against GnuTLS, with the same API. Measured
       here: for plain HTTP (a local impcentral-sim) the GnuTLS build costs about 2 MiB less,
       because the OpenSSL build initialises OpenSSL in curl_global_init; for HTTPS the OpenSSL
       build costs about 6 MiB less, because GnuTLS reads the system trust store through p11-kit.
       So the first request's scheme picks the build; either one serves both schemes. Lazy
       binding: only the functions resolved below are ever called directly. */
    const char *plain[] = {override, "libcurl-gnutls.so.4", "libcurl.so.4", "libcurl.so"};
    const char *tls[] = {override, "libcurl.so.4", "libcurl-gnutls.so.4", "libcurl.so"};
    const char **candidates = expect_tls ? tls : plain;
    size_t candidate_count = sizeof plain / sizeof plain[0];
    void *handle = NULL;
    for (size_t i = 0; i < candidate_count && !handle; i++) {
        if (candidates[i] && *candidates[i]) handle = dlopen(candidates[i], RTLD_LAZY | RTLD_LOCAL);
    }
    if (!handle) {
        const char *reason = dlerror();
        snprintf(error, error_size, "cannot load libcurl (%s)", reason ? reason : "not found");
        return -1;
    }
    RESOLVE(global_init, "curl_global_init");
    RESOLVE(easy_init, "curl_easy_init");
    RESOLVE(easy_setopt, "curl_easy_setopt");
    RESOLVE(easy_getinfo, "curl_easy_getinfo");
    RESOLVE(easy_cleanup, "curl_easy_cleanup");
    RESOLVE(easy_strerror, "curl_easy_strerror");
    RESOLVE(slist_append, "curl_slist_append");
    RESOLVE(slist_free_all, "curl_slist_free_all");
    RESOLVE(multi_init, "curl_multi_init");
    RESOLVE(multi_add_handle, "curl_multi_add_handle");
    RESOLVE(multi_remove_handle, "curl_multi_remove_handle");
    RESOLVE(multi_perform, "curl_multi_perform");
    RESOLVE(multi_poll, "curl_multi_poll");
    RESOLVE(multi_info_read, "curl_multi_info_read");
    skip_ssh_crypto_init(handle);
    if (lib.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        snprintf(error, error_size, "curl_global_init failed");
        return -1;
    }
    lib.multi = lib.multi_init();
    if (!lib.multi) {
        snprintf(error, error_size, "curl_multi_init failed");
        return -1;
    }
    lib.loaded = true;
    return 0;
}

bool impt_curl_is_loaded(void) { return lib.loaded; }

/* A growing malloc'd buffer, always NUL-terminated. */
typedef struct buffer {
    char *data;
    size_t length;
    size_t capacity;
    bool failed;
} buffer;

static void buffer_append(buffer *b, const char *data, size_t length) {
    if (b->failed) return;
    if (b->length + length + 1 > b->capacity) {
        size_t capacity = b->capacity ? b->capacity : 4096;
        while (capacity < b->length + length + 1) capacity *= 2;
        char *grown = realloc(b->data, capacity);
        if (!grown) {
            b->failed = true;
            return;
        }
        b->data = grown;
        b->capacity = capacity;
    }
    memcpy(b->data + b->length, data, length);
    b->length += length;
    b->data[b->length] = '\0';
}

static size_t collect(char *data, size_t size, size_t count, void *user) {
    buffer_append(user, data, size * count);
    return ((buffer *)user)->failed ? 0 : size * count;
}

/* Per-transfer state. */
typedef struct transfer {
    impt_http_exchange *exchange;
    CURL *easy;
    struct curl_slist *headers;
    buffer body;
    buffer header_block;
} transfer;

static int transfer_setup(transfer *t) {
    impt_http_exchange *x = t->exchange;
    t->easy = lib.easy_init();
    if (!t->easy) {
        snprintf(x->error, sizeof x->error, "curl_easy_init failed");
        x->transport_error = CURLE_FAILED_INIT;
        return -1;
    }
    CURL *e = t->easy;
    lib.easy_setopt(e, CURLOPT_URL, x->url);
    lib.easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    /* HTTP(S) only: impt speaks nothing else. */
    if (lib.easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https") != CURLE_OK) {
        lib.easy_setopt(e, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
    }
    lib.easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
    lib.easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, x->connect_timeout_ms > 0 ? x->connect_timeout_ms : 10000L);
    if (x->timeout_ms > 0) lib.easy_setopt(e, CURLOPT_TIMEOUT_MS, x->timeout_ms);
    lib.easy_setopt(e, CURLOPT_PROXY, x->proxy ? x->proxy : "");
    if (x->no_proxy) lib.easy_setopt(e, CURLOPT_NOPROXY, x->no_proxy);
    if (x->ca_bundle) lib.easy_setopt(e, CURLOPT_CAINFO, x->ca_bundle);
    lib.easy_setopt(e, CURLOPT_ERRORBUFFER, x->error);
    x->error[0] = '\0';

    const char *method = x->method ? x->method : "GET";
    if (strcmp(method, "GET") == 0) {
        lib.easy_setopt(e, CURLOPT_HTTPGET, 1L);
    } else {
        lib.easy_setopt(e, CURLOPT_CUSTOMREQUEST, method);
    }
    if (x->body || strcmp(method, "POST") == 0 || strcmp(method, "PUT") == 0 ||
        strcmp(method, "PATCH") == 0) {
        lib.easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)(x->body ? x->body_length : 0));
        lib.easy_setopt(e, CURLOPT_POSTFIELDS, x->body ? x->body : "");
    }

    for (size_t i = 0; i < x->header_count; i++) {
        struct curl_slist *next = lib.slist_append(t->headers, x->headers[i]);
        if (next) t->headers = next;
    }
    /* Never wait for "100 Continue" on larger bodies. */
    struct curl_slist *next = lib.slist_append(t->headers, "Expect:");
    if (next) t->headers = next;
    lib.easy_setopt(e, CURLOPT_HTTPHEADER, t->headers);

    lib.easy_setopt(e, CURLOPT_HEADERFUNCTION, collect);
    lib.easy_setopt(e, CURLOPT_HEADERDATA, &t->header_block);
    lib.easy_setopt(e, CURLOPT_WRITEFUNCTION, collect);
    lib.easy_setopt(e, CURLOPT_WRITEDATA, &t->body);
    lib.easy_setopt(e, CURLOPT_PRIVATE, t);
    return 0;
}

static void transfer_finish(transfer *t, CURLcode code) {
    impt_http_exchange *x = t->exchange;
    long status = 0;
    lib.easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
    x->status = status;
    x->transport_error = (int)code;
    x->tls_failure = code == CURLE_SSL_CONNECT_ERROR || code == CURLE_PEER_FAILED_VERIFICATION ||
                     code == CURLE_SSL_CERTPROBLEM || code == CURLE_SSL_CACERT_BADFILE;
    if (code != CURLE_OK && x->error[0] == '\0') {
        snprintf(x->error, sizeof x->error, "%s", lib.easy_strerror(code));
    }
    if (t->body.failed || t->header_block.failed) {
        x->transport_error = CURLE_OUT_OF_MEMORY;
        snprintf(x->error, sizeof x->error, "out of memory");
    }
    x->response_body = t->body.data;
    x->response_body_length = t->body.length;
    if (!x->response_body) {
        x->response_body = calloc(1, 1);
    }
    x->response_headers = t->header_block.data;
    x->response_headers_length = t->header_block.length;
    lib.multi_remove_handle(lib.multi, t->easy);
    lib.easy_cleanup(t->easy);
    lib.slist_free_all(t->headers);
    t->easy = NULL;
    t->headers = NULL;
}

static long long monotonic_ms(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long long)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

int impt_http_perform(impt_http_exchange *exchanges, size_t count, size_t max_parallel,
                      impt_http_tick tick, void *tick_context, long tick_interval_ms) {
    if (!lib.loaded) return -1;
    if (tick_interval_ms <= 0) tick = NULL;
    long long next_tick = tick ? monotonic_ms() + tick_interval_ms : 0;
    if (max_parallel == 0) max_parallel = 1;
    transfer *transfers = calloc(count ? count : 1, sizeof *transfers);
    if (!transfers) return -1;
    size_t next = 0, running = 0, finished = 0;
    while (finished < count) {
        while (running < max_parallel && next < count) {
            transfer *t = &transfers[next];
            t->exchange = &exchanges[next];
            next++;
            if (transfer_setup(t) != 0 || lib.multi_add_handle(lib.multi, t->easy) != CURLM_OK) {
                if (t->easy) {
                    lib.easy_cleanup(t->easy);
                    t->easy = NULL;
                }
                lib.slist_free_all(t->headers);
                t->headers = NULL;
                t->exchange->transport_error = CURLE_FAILED_INIT;
                finished++;
                continue;
            }
            running++;
        }
        if (running == 0) continue;
        int still = 0;
        lib.multi_perform(lib.multi, &still);
        CURLMsg *message;
        int left;
        while ((message = lib.multi_info_read(lib.multi, &left))) {
            if (message->msg != CURLMSG_DONE) continue;
            transfer *t = NULL;
            lib.easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, (char **)&t);
            CURLcode code = message->data.result;
            transfer_finish(t, code);
            running--;
            finished++;
        }
        if (running == 0) continue;
        int wait_ms = 1000;
        if (tick) {
            long long now = monotonic_ms();
            if (now >= next_tick) {
                tick(tick_context);
                next_tick = now + tick_interval_ms;
            }
            if (next_tick - now < wait_ms) wait_ms = (int)(next_tick - now);
        }
        lib.multi_poll(lib.multi, NULL, 0, wait_ms, NULL);
    }
    free(transfers);
    return 0;
}

void impt_http_exchange_release(impt_http_exchange *exchange) {
    free(exchange->response_body);
    free(exchange->response_headers);
    exchange->response_body = NULL;
    exchange->response_headers = NULL;
}
