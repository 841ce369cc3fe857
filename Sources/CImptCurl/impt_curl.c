#include "impt_curl.h"

#include <curl/curl.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>
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
    CURLcode (*easy_pause)(CURL *, int);
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

/* Loading is serialised: a prefetch on another thread and the first request may race. */
static pthread_mutex_t load_lock = PTHREAD_MUTEX_INITIALIZER;

static int load_locked(bool expect_tls, char *error, size_t error_size);

int impt_curl_load(bool expect_tls, char *error, size_t error_size) {
    pthread_mutex_lock(&load_lock);
    const int result = load_locked(expect_tls, error, error_size);
    pthread_mutex_unlock(&load_lock);
    return result;
}

/* Whether a prefetch thread is running (guarded by load_lock; `prefetch_done` signals its end). */
static bool prefetch_running = false;
static pthread_cond_t prefetch_done = PTHREAD_COND_INITIALIZER;

static void prefetch_finished(void) {
    pthread_mutex_lock(&load_lock);
    prefetch_running = false;
    pthread_cond_broadcast(&prefetch_done);
    pthread_mutex_unlock(&load_lock);
}

static void *prefetch_main(void *argument) {
    char error[256];
    (void)impt_curl_load((intptr_t)argument != 0, error, sizeof error);
    prefetch_finished();
    return NULL;
}

/* Exiting while the other thread is still inside dlopen or curl_global_init would tear the
   process down under it; the exit waits for the prefetch instead (a few milliseconds at most). */
static void settle_at_exit(void) {
    pthread_mutex_lock(&load_lock);
    while (prefetch_running) pthread_cond_wait(&prefetch_done, &load_lock);
    pthread_mutex_unlock(&load_lock);
}

static void register_settle(void) { atexit(settle_at_exit); }

void impt_curl_prefetch(bool expect_tls) {
    if (impt_curl_is_loaded()) return;
    static pthread_once_t settle_once = PTHREAD_ONCE_INIT;
    pthread_once(&settle_once, register_settle);
    pthread_mutex_lock(&load_lock);
    const bool already = prefetch_running;
    prefetch_running = true;
    pthread_mutex_unlock(&load_lock);
    if (already) return;
    pthread_attr_t attributes;
    pthread_t thread;
    /* Failing to start the thread only means the first request loads the library itself. */
    bool started = pthread_attr_init(&attributes) == 0;
    if (started) {
        pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
        started = pthread_create(&thread, &attributes, prefetch_main, (void *)(intptr_t)(expect_tls ? 1 : 0)) == 0;
        pthread_attr_destroy(&attributes);
    }
    if (!started) prefetch_finished();
}

static int load_locked(bool expect_tls, char *error, size_t error_size) {
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
    RESOLVE(easy_pause, "curl_easy_pause");
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
    __atomic_store_n(&lib.loaded, true, __ATOMIC_RELEASE);
    return 0;
}

bool impt_curl_is_loaded(void) { return __atomic_load_n(&lib.loaded, __ATOMIC_ACQUIRE); }

/* A growing malloc'd buffer, always NUL-terminated, refusing to grow past `limit` bytes. */
typedef struct buffer {
    char *data;
    size_t length;
    size_t capacity;
    size_t limit;
    bool failed;     /* out of memory */
    bool too_large;  /* the limit was reached */
} buffer;

static void buffer_append(buffer *b, const char *data, size_t length) {
    if (b->failed || b->too_large) return;
    if (length > b->limit - b->length) {
        b->too_large = true;
        return;
    }
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

/* Returning less than given makes libcurl abort the transfer (CURLE_WRITE_ERROR). */
static size_t collect(char *data, size_t size, size_t count, void *user) {
    buffer *b = user;
    buffer_append(b, data, size * count);
    return (b->failed || b->too_large) ? 0 : size * count;
}

/* Per-exchange state while it is in a pool. */
typedef struct transfer {
    impt_http_exchange *exchange;
    struct impt_http_pool *pool;
    CURL *easy;
    struct curl_slist *headers;
    buffer body;
    buffer header_block;
    struct transfer *next;  /* in the pool's running or finished list */
} transfer;

struct impt_http_pool {
    transfer *running;        /* unordered */
    transfer *finished;       /* completion order: head is the oldest */
    transfer *finished_tail;
    size_t in_flight;
    bool news;                /* a streaming exchange received headers or body since the last run */
};

/* Appends to a streaming exchange's buffer of unread body; false when memory is short. */
static bool stream_append(impt_http_exchange *x, const char *data, size_t length) {
    if (x->stream_length + length > x->stream_capacity) {
        size_t capacity = x->stream_capacity ? x->stream_capacity : 16384;
        while (capacity < x->stream_length + length) capacity *= 2;
        char *grown = realloc(x->stream_data, capacity);
        if (!grown) return false;
        x->stream_data = grown;
        x->stream_capacity = capacity;
    }
    memcpy(x->stream_data + x->stream_length, data, length);
    x->stream_length += length;
    return true;
}

/* The body: handed out piecewise for a streaming exchange with a 2xx status (pausing while the
   caller has a full buffer to read), collected otherwise (error documents included). */
static size_t receive_body(char *data, size_t size, size_t count, void *user) {
    transfer *t = user;
    impt_http_exchange *x = t->exchange;
    size_t length = size * count;
    if (x->streaming && x->headers_done && x->status >= 200 && x->status < 300) {
        if (x->stream_length >= IMPT_HTTP_STREAM_BUFFER_BYTES) {
            x->stream_paused = true;
            return CURL_WRITEFUNC_PAUSE;
        }
        if (!stream_append(x, data, length)) {
            t->body.failed = true;
            return 0;
        }
        t->pool->news = true;
        return length;
    }
    return collect(data, size, count, &t->body);
}

/* Header lines; the blank line that ends the final response's headers sets `status` at once. */
static size_t receive_header(char *data, size_t size, size_t count, void *user) {
    transfer *t = user;
    size_t length = size * count;
    size_t taken = collect(data, size, count, &t->header_block);
    if (taken != length) return taken;
    bool blank = (length == 2 && data[0] == '\r' && data[1] == '\n') || (length == 1 && data[0] == '\n');
    if (blank) {
        long status = 0;
        lib.easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
        /* 1xx interim answers and a proxy's CONNECT answer are followed by more headers. */
        if (status >= 200) {
            t->exchange->status = status;
            t->exchange->headers_done = true;
            t->pool->news = true;
        }
    }
    return length;
}

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

    t->body.limit = x->max_body_bytes ? x->max_body_bytes : IMPT_HTTP_DEFAULT_MAX_BODY_BYTES;
    t->header_block.limit = IMPT_HTTP_MAX_HEADER_BYTES;
    /* A body announced larger than the limit is refused before it is read. */
    lib.easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)t->body.limit);
    lib.easy_setopt(e, CURLOPT_HEADERFUNCTION, receive_header);
    lib.easy_setopt(e, CURLOPT_HEADERDATA, t);
    lib.easy_setopt(e, CURLOPT_WRITEFUNCTION, receive_body);
    lib.easy_setopt(e, CURLOPT_WRITEDATA, t);
    lib.easy_setopt(e, CURLOPT_PRIVATE, t);
    return 0;
}

/* Fills the exchange's response fields and frees the transfer's libcurl state. */
static void transfer_finish(transfer *t, CURLcode code) {
    impt_http_exchange *x = t->exchange;
    long status = 0;
    if (t->easy) lib.easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
    x->status = status;
    x->transport_error = (int)code;
    x->tls_failure = code == CURLE_SSL_CONNECT_ERROR || code == CURLE_PEER_FAILED_VERIFICATION ||
                     code == CURLE_SSL_CERTPROBLEM || code == CURLE_SSL_CACERT_BADFILE;
    x->timed_out = code == CURLE_OPERATION_TIMEDOUT;
    if (code != CURLE_OK && x->error[0] == '\0') {
        snprintf(x->error, sizeof x->error, "%s", lib.easy_strerror(code));
    }
    if (t->body.too_large || t->header_block.too_large || code == CURLE_FILESIZE_EXCEEDED) {
        x->too_large = true;
        x->transport_error = code != CURLE_OK ? (int)code : CURLE_FILESIZE_EXCEEDED;
        if (t->header_block.too_large) {
            snprintf(x->error, sizeof x->error, "its headers are larger than %zu bytes", t->header_block.limit);
        } else {
            snprintf(x->error, sizeof x->error, "it is larger than %zu bytes", t->body.limit);
        }
    } else if (t->body.failed || t->header_block.failed) {
        x->transport_error = CURLE_OUT_OF_MEMORY;
        snprintf(x->error, sizeof x->error, "out of memory");
    }
    x->response_body = t->body.data;
    x->response_body_length = t->body.length;
    if (!x->response_body) x->response_body = calloc(1, 1);
    x->response_headers = t->header_block.data;
    x->response_headers_length = t->header_block.length;
    t->body.data = NULL;
    t->header_block.data = NULL;
    if (t->easy) {
        lib.multi_remove_handle(lib.multi, t->easy);
        lib.easy_cleanup(t->easy);
        t->easy = NULL;
    }
    lib.slist_free_all(t->headers);
    t->headers = NULL;
    x->transfer = NULL;
    x->stream_paused = false;
}

static void pool_unlink_running(impt_http_pool *pool, transfer *t) {
    for (transfer **link = &pool->running; *link; link = &(*link)->next) {
        if (*link == t) {
            *link = t->next;
            break;
        }
    }
    t->next = NULL;
}

static void pool_append_finished(impt_http_pool *pool, transfer *t) {
    t->next = NULL;
    if (pool->finished_tail) {
        pool->finished_tail->next = t;
    } else {
        pool->finished = t;
    }
    pool->finished_tail = t;
    pool->in_flight--;
}

impt_http_pool *impt_http_pool_create(void) {
    if (!impt_curl_is_loaded()) return NULL;
    return calloc(1, sizeof(impt_http_pool));
}

int impt_http_pool_add(impt_http_pool *pool, impt_http_exchange *exchange) {
    exchange->transport_error = 0;
    exchange->too_large = false;
    exchange->timed_out = false;
    exchange->tls_failure = false;
    exchange->status = 0;
    exchange->headers_done = false;
    exchange->stream_length = 0;
    exchange->stream_paused = false;
    exchange->transfer = NULL;
    transfer *t = calloc(1, sizeof *t);
    if (!t) {
        exchange->transport_error = CURLE_OUT_OF_MEMORY;
        snprintf(exchange->error, sizeof exchange->error, "out of memory");
        return -1;
    }
    pool->in_flight++;
    t->exchange = exchange;
    t->pool = pool;
    exchange->transfer = t;
    if (transfer_setup(t) != 0 || lib.multi_add_handle(lib.multi, t->easy) != CURLM_OK) {
        if (exchange->transport_error == 0) {
            snprintf(exchange->error, sizeof exchange->error, "the request could not be started");
        }
        transfer_finish(t, exchange->transport_error ? (CURLcode)exchange->transport_error : CURLE_FAILED_INIT);
        pool_append_finished(pool, t);
        return 0;
    }
    t->next = pool->running;
    pool->running = t;
    return 0;
}

/* Reads libcurl's completion messages; each finished transfer goes to its own pool. */
static void collect_finished(void) {
    CURLMsg *message;
    int left;
    while ((message = lib.multi_info_read(lib.multi, &left))) {
        if (message->msg != CURLMSG_DONE) continue;
        transfer *t = NULL;
        lib.easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, (char **)&t);
        if (!t) continue;
        CURLcode code = message->data.result;
        pool_unlink_running(t->pool, t);
        transfer_finish(t, code);
        pool_append_finished(t->pool, t);
    }
}

static long long monotonic_ms(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long long)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

size_t impt_http_pool_run_fd(impt_http_pool *pool, long wait_ms, int fd, bool *fd_ready) {
    long long deadline = monotonic_ms() + (wait_ms > 0 ? wait_ms : 0);
    if (fd_ready) *fd_ready = false;
    while (true) {
        int still = 0;
        lib.multi_perform(lib.multi, &still);
        collect_finished();
        if (pool->finished || pool->in_flight == 0 || pool->news) break;
        long long left = deadline - monotonic_ms();
        if (left <= 0) break;
        struct curl_waitfd extra = {.fd = fd, .events = CURL_WAIT_POLLIN, .revents = 0};
        lib.multi_poll(lib.multi, fd >= 0 ? &extra : NULL, fd >= 0 ? 1 : 0, left < 1000 ? (int)left : 1000, NULL);
        if (fd >= 0 && extra.revents != 0) {
            if (fd_ready) *fd_ready = true;
            break;
        }
    }
    pool->news = false;
    return pool->in_flight;
}

size_t impt_http_pool_run(impt_http_pool *pool, long wait_ms) {
    return impt_http_pool_run_fd(pool, wait_ms, -1, NULL);
}

size_t impt_http_stream_read(impt_http_exchange *exchange, char *out, size_t capacity) {
    size_t count = exchange->stream_length < capacity ? exchange->stream_length : capacity;
    if (count == 0) return 0;
    memcpy(out, exchange->stream_data, count);
    exchange->stream_length -= count;
    memmove(exchange->stream_data, exchange->stream_data + count, exchange->stream_length);
    if (exchange->stream_length == 0 && exchange->stream_paused && exchange->transfer) {
        transfer *t = exchange->transfer;
        exchange->stream_paused = false;
        /* libcurl may hand over the held-back data right here, through receive_body. */
        lib.easy_pause(t->easy, CURLPAUSE_CONT);
    }
    return count;
}

impt_http_exchange *impt_http_pool_take(impt_http_pool *pool) {
    transfer *t = pool->finished;
    if (!t) return NULL;
    pool->finished = t->next;
    if (!pool->finished) pool->finished_tail = NULL;
    impt_http_exchange *exchange = t->exchange;
    free(t);
    return exchange;
}

size_t impt_http_pool_in_flight(const impt_http_pool *pool) { return pool->in_flight; }

void impt_http_pool_destroy(impt_http_pool *pool) {
    if (!pool) return;
    while (pool->running) {
        transfer *t = pool->running;
        pool->running = t->next;
        lib.multi_remove_handle(lib.multi, t->easy);
        lib.easy_cleanup(t->easy);
        lib.slist_free_all(t->headers);
        free(t->body.data);
        free(t->header_block.data);
        t->exchange->transfer = NULL;
        free(t);
    }
    impt_http_exchange *finished;
    while ((finished = impt_http_pool_take(pool))) impt_http_exchange_release(finished);
    free(pool);
}

void impt_http_exchange_release(impt_http_exchange *exchange) {
    free(exchange->response_body);
    free(exchange->response_headers);
    free(exchange->stream_data);
    exchange->response_body = NULL;
    exchange->response_headers = NULL;
    exchange->stream_data = NULL;
    exchange->stream_length = 0;
    exchange->stream_capacity = 0;
}
