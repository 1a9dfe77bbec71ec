// The daemon's fork server: one devenv-shim started once per daemon, which clones itself into each
// new shim. A clone skips what an exec costs every shim: loading the image, the C library's
// start-up (its CPU feature probing traps to the hypervisor in a VM) and the page faults of a
// fresh address space.
//
// CLONE_PARENT makes each clone the daemon's child, not the server's: the daemon waits for it,
// signals it and reaps it exactly as if it had spawned it itself, and the shim's parent-death
// signal follows the daemon.
//
// Each clone writes its shim's command line over the server's (see set_title), so ps shows it.
//
// Protocol, on the SOCK_SEQPACKET socket at descriptor 3 (one message each way per shim):
//   request  u32 argc, u32 envc, then argc + envc NUL-terminated strings (argv, then environ)
//   answer   i32: the new shim's pid, or -errno
// The server exits when the daemon closes its end, or dies with the daemon.
#include "shim.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#define REQUEST_FD 3
// The largest request: the daemon sends bigger ones (a huge environment) to posix_spawn instead.
#define MAX_REQUEST (128 * 1024)
#define MAX_STRINGS 16384

extern char **environ;

static pid_t server_parent;

// The server's own command line (its argv strings, contiguous), which each clone overwrites with
// its shim's command line so that ps and /proc/<pid>/cmdline show what the shim runs. The daemon
// passes a long last argument to leave room for it.
static char *title_start;
static size_t title_room;

static void set_title(char **argv, int argc) {
    size_t used = 0;
    for (int index = 0; index < argc && used < title_room; index++) {
        size_t length = strlen(argv[index]) + 1;
        if (used + length > title_room) length = title_room - used;
        memcpy(title_start + used, argv[index], length);
        used += length;
    }
    memset(title_start + used, 0, title_room - used);
    if (title_room > 0) title_start[title_room - 1] = '\0';
}

static void on_parent_death(int signal) {
    (void)signal;
    // As in the shim: the signal also comes when the daemon's spawning thread exits.
    if (getppid() != server_parent) _exit(0);
}

// Splits the request into argv and envp (NULL-terminated, pointing into `request`); returns
// argc, or -1 if the request is malformed.
static int parse_request(char *request, size_t length, char **strings, int *envc_out) {
    uint32_t header[2];
    if (length < sizeof header) return -1;
    memcpy(header, request, sizeof header);
    uint32_t argc = header[0], envc = header[1];
    if (argc < 2 || argc > MAX_STRINGS || envc > MAX_STRINGS || argc + envc + 2 > MAX_STRINGS) return -1;
    char *cursor = request + sizeof header, *end = request + length;
    uint32_t index = 0;
    for (uint32_t string = 0; string < argc + envc; string++) {
        char *nul = memchr(cursor, '\0', (size_t)(end - cursor));
        if (nul == NULL) return -1;
        strings[index++] = cursor;
        if (string + 1 == argc) strings[index++] = NULL;  // argv's end; environ follows
        cursor = nul + 1;
    }
    if (cursor != end) return -1;
    strings[index] = NULL;
    *envc_out = (int)envc;
    return (int)argc;
}

static int32_t spawn(char *request, size_t length) {
    static char *strings[MAX_STRINGS];
    int envc;
    int argc = parse_request(request, length, strings, &envc);
    if (argc < 0) return -EINVAL;
    // Like fork (the child continues here on a copy of this stack), but the child's parent is ours.
    long pid = syscall(SYS_clone, (unsigned long)(CLONE_PARENT | SIGCHLD), 0UL, 0UL, 0UL, 0UL);
    if (pid < 0) return -errno;
    if (pid == 0) {
        close(REQUEST_FD);
        set_title(strings, argc);
        environ = strings + argc + 1;
        exit(shim_run(argc, strings));
    }
    return (int32_t)pid;
}

int fork_server_run(int argc, char **argv) {
    server_parent = getppid();
    if ((argc == 4 || (argc == 6 && strcmp(argv[4], "--title-room") == 0)) && strcmp(argv[2], "--parent-pid") == 0) {
        server_parent = (pid_t)atoi(argv[3]);
    } else if (argc != 2) {
        shim_fail("usage: devenv-shim --fork-server [--parent-pid PID [--title-room SPACES]], with its socket on descriptor 3");
    }
    title_start = argv[0];
    title_room = (size_t)(argv[argc - 1] + strlen(argv[argc - 1]) + 1 - argv[0]);
    struct sigaction death = {.sa_handler = on_parent_death, .sa_flags = SA_RESTART};
    sigemptyset(&death.sa_mask);
    sigaction(SIGRTMIN + 2, &death, NULL);
    if (prctl(PR_SET_PDEATHSIG, (unsigned long)(SIGRTMIN + 2), 0UL, 0UL, 0UL) != 0 || getppid() != server_parent) {
        _exit(0);
    }
#ifdef SYS_close_range
    syscall(SYS_close_range, REQUEST_FD + 1U, ~0U, 0U);
#endif

    static char request[MAX_REQUEST];
    for (;;) {
        struct iovec part = {request, sizeof request};
        struct msghdr message = {.msg_iov = &part, .msg_iovlen = 1};
        ssize_t length = recvmsg(REQUEST_FD, &message, 0);
        if (length < 0 && errno == EINTR) continue;
        if (length <= 0) return 0;  // the daemon closed its end
        int32_t answer = (message.msg_flags & MSG_TRUNC) ? -E2BIG : spawn(request, (size_t)length);
        while (send(REQUEST_FD, &answer, sizeof answer, MSG_NOSIGNAL) < 0 && errno == EINTR) {}
    }
}
