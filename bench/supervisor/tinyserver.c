/*
 * tinyserver: the smallest useful HTTP service for the supervisor benchmark.
 *
 * Listens on 127.0.0.1:$PORT, answers `GET /health` with 200 and anything else with 404, one
 * request per connection (Connection: close), one connection at a time. It starts in well under
 * a millisecond and sleeps in accept(2) when idle, so neither its start-up nor its idle cost hides
 * the supervisor's. Every side of the benchmark's C round (the shell-script floor, honcho and
 * devenv) runs this same binary with the port in $PORT. SIGTERM/SIGINT keep their default action: it just dies.
 *
 * Build: cc -O2 -o tinyserver tinyserver.c
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

static const char ok[] =
    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n";
static const char missing[] =
    "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 10\r\nConnection: close\r\n\r\nnot found\n";

static void send_all(int fd, const char *data, size_t length) {
    while (length > 0) {
        ssize_t n = write(fd, data, length);
        if (n < 0) {
            if (errno == EINTR) continue;
            return;
        }
        data += n;
        length -= (size_t)n;
    }
}

int main(void) {
    const char *text = getenv("PORT");
    long port = text ? strtol(text, NULL, 10) : 0;
    if (port <= 0 || port > 65535) {
        fprintf(stderr, "tinyserver: set PORT to a port number (got '%s')\n", text ? text : "");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);

    int listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listener < 0) { perror("tinyserver: socket"); return 1; }
    int one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in address;
    memset(&address, 0, sizeof address);
    address.sin_family = AF_INET;
    address.sin_port = htons((unsigned short)port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(listener, (struct sockaddr *)&address, sizeof address) < 0) { perror("tinyserver: bind"); return 1; }
    if (listen(listener, 128) < 0) { perror("tinyserver: listen"); return 1; }

    for (;;) {
        int connection = accept4(listener, NULL, NULL, SOCK_CLOEXEC);
        if (connection < 0) {
            if (errno == EINTR || errno == ECONNABORTED || errno == EMFILE || errno == ENFILE) continue;
            perror("tinyserver: accept");
            return 1;
        }
        /* A client that connects and says nothing must not wedge the only thread. */
        struct timeval limit = {.tv_sec = 1, .tv_usec = 0};
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
        char request[2048];
        size_t used = 0;
        while (used < sizeof request - 1) {
            ssize_t n = read(connection, request + used, sizeof request - 1 - used);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) break;
            used += (size_t)n;
            request[used] = '\0';
            if (strstr(request, "\r\n\r\n") || strstr(request, "\n\n")) break;
        }
        request[used] = '\0';
        if (used > 0) {
            int healthy = strncmp(request, "GET /health ", 12) == 0 || strncmp(request, "GET /health?", 12) == 0;
            if (healthy) send_all(connection, ok, sizeof ok - 1);
            else send_all(connection, missing, sizeof missing - 1);
        }
        close(connection);
    }
}
