/*
 * A TLS front for a plain-HTTP server, used only by the end-to-end tests to exercise impt's
 * HTTPS path against impcentral-sim. It accepts TLS connections on a free loopback port and
 * relays each one, decrypted, to 127.0.0.1:TARGET_PORT, one child process per connection.
 *
 *   tls_forwarder CERT.pem KEY.pem TARGET_PORT
 *
 * The first line on stdout is the port it listens on. It exits when its parent does.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

static int connect_target(int port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((unsigned short)port)};
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || connect(fd, (struct sockaddr *)&address, sizeof address) != 0) return -1;
    return fd;
}

static int write_all(int fd, const char *data, size_t length) {
    while (length > 0) {
        ssize_t written = write(fd, data, length);
        if (written <= 0) return -1;
        data += written;
        length -= (size_t)written;
    }
    return 0;
}

/* Copies bytes both ways until either side closes. */
static void relay(SSL *ssl, int client, int target) {
    char buffer[16384];
    for (;;) {
        struct pollfd fds[2] = {{.fd = client, .events = POLLIN}, {.fd = target, .events = POLLIN}};
        if (SSL_pending(ssl) == 0 && poll(fds, 2, -1) < 0) return;
        if (SSL_pending(ssl) > 0 || fds[0].revents) {
            int count = SSL_read(ssl, buffer, sizeof buffer);
            if (count <= 0) {
                if (SSL_get_error(ssl, count) == SSL_ERROR_WANT_READ) continue;
                return;
            }
            if (write_all(target, buffer, (size_t)count) != 0) return;
        }
        if (fds[1].revents) {
            ssize_t count = read(target, buffer, sizeof buffer);
            if (count <= 0 || SSL_write(ssl, buffer, (int)count) <= 0) return;
        }
    }
}

/* Relayed pieces go out at once, as from a real server (no Nagle delay against delayed ACKs). */
static void no_delay(int fd) {
    int on = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
}

static void serve(SSL_CTX *context, int client, int target_port) {
    no_delay(client);
    SSL *ssl = SSL_new(context);
    SSL_set_fd(ssl, client);
    if (SSL_accept(ssl) == 1) {
        int target = connect_target(target_port);
        if (target >= 0) {
            no_delay(target);
            relay(ssl, client, target);
            close(target);
        }
        SSL_shutdown(ssl);
    }
    SSL_free(ssl);
    close(client);
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s CERT.pem KEY.pem TARGET_PORT\n", argv[0]);
        return 2;
    }
    /* The test runner may start it with signals blocked; SIGTERM must stop it. */
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    signal(SIGTERM, SIG_DFL);
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    SSL_CTX *context = SSL_CTX_new(TLS_server_method());
    if (!context || SSL_CTX_use_certificate_chain_file(context, argv[1]) != 1 ||
        SSL_CTX_use_PrivateKey_file(context, argv[2], SSL_FILETYPE_PEM) != 1) {
        fprintf(stderr, "cannot load the certificate or key\n");
        return 1;
    }
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = 0};
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (listener < 0 || bind(listener, (struct sockaddr *)&address, sizeof address) != 0 ||
        listen(listener, 64) != 0 || getsockname(listener, (struct sockaddr *)&address, &length) != 0) {
        perror("listen");
        return 1;
    }
    printf("%d\n", ntohs(address.sin_port));
    fflush(stdout);
    signal(SIGCHLD, SIG_IGN); /* children are reaped automatically */
    int target_port = atoi(argv[3]);
    for (;;) {
        int client = accept(listener, NULL, NULL);
        if (client < 0) continue;
        if (fork() == 0) {
            close(listener);
            serve(context, client, target_port);
            _exit(0);
        }
        close(client);
    }
}
