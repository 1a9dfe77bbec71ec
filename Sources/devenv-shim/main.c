// devenv-shim: the minimal parent between the devenv daemon and one child.
//
// It leads a new session and process group, dies with its parent (taking the whole group with
// it), runs PROGRAM as a child with stdout+stderr on a pipe, writes that output to a rotated log
// with a UTC timestamp per line, outlives the stop signals sent to its group so it captures the
// child's last words, and finally mirrors the child's exit status.
//
// C, linked statically: forty of these start with an environment, so each must start in a
// fraction of a millisecond (no dynamic loader, no language runtime to initialise), and idle it
// sleeps in poll(2). Started as `devenv-shim --fork-server`, it is the daemon's fork server
// instead (fork_server.c): shims cloned from it skip even the exec.
#include "shim.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static void vsay(int fd, const char *format, va_list arguments) {
    char line[4096];
    int length = snprintf(line, sizeof line, "devenv-shim: ");
    length += vsnprintf(line + length, sizeof line - (size_t)length - 1, format, arguments);
    if (length > (int)sizeof line - 2) length = (int)sizeof line - 2;
    line[length++] = '\n';
    for (int offset = 0; offset < length;) {
        ssize_t written = write(fd, line + offset, (size_t)(length - offset));
        if (written < 0) {
            if (errno == EINTR) continue;
            return;
        }
        offset += (int)written;
    }
}

void shim_say(int fd, const char *format, ...) {
    va_list arguments;
    va_start(arguments, format);
    vsay(fd, format, arguments);
    va_end(arguments);
}

void shim_fail(const char *format, ...) {
    va_list arguments;
    va_start(arguments, format);
    vsay(STDERR_FILENO, format, arguments);
    va_end(arguments);
    exit(SHIM_FAILURE);
}

static unsigned char buffer[16 * 1024];

// The child's status once reaped, or -1 while it runs.
static int reap(pid_t child) {
    int status;
    for (;;) {
        pid_t result = waitpid(child, &status, WNOHANG);
        if (result == child) return status;
        if (result < 0 && errno == EINTR) continue;
        if (result < 0) shim_fail("lost track of the child: %m");
        return -1;
    }
}

// Copies the child's output to the log until the child is reaped; blocks in poll(2) on the
// output pipe and the SIGCHLD self-pipe, so idle it costs nothing. Returns the wait status.
static int supervise(pid_t child, int output_fd, int wake_fd, struct log_writer *log) {
    struct pollfd fds[2] = {{.fd = output_fd, .events = POLLIN}, {.fd = wake_fd, .events = POLLIN}};
    for (;;) {
        int status = reap(child);
        if (status >= 0) return status;
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            shim_fail("poll failed: %m");
        }
        if (fds[0].revents != 0) {
            ssize_t count = read(output_fd, buffer, sizeof buffer);
            if (count > 0) {
                log_append(log, buffer, (size_t)count);
            } else if (count == 0 || (errno != EINTR && errno != EAGAIN)) {
                // Every writer closed its end; only the child's exit is left to wait for.
                log_finish(log);
                fds[0].fd = -1;
            }
        }
        if (fds[1].revents != 0) {
            while (read(wake_fd, buffer, sizeof buffer) > 0) {}
        }
    }
}

// Copies what is already in the pipe to the log, without waiting for writers that may never
// close it (something the child left behind may hold it open).
static void drain(int output_fd, struct log_writer *log) {
    fcntl(output_fd, F_SETFL, O_NONBLOCK);
    for (;;) {
        ssize_t count = read(output_fd, buffer, sizeof buffer);
        if (count > 0) {
            log_append(log, buffer, (size_t)count);
        } else if (count < 0 && errno == EINTR) {
            continue;
        } else {
            return;
        }
    }
}

int shim_run(int argc, char **argv) {
    struct shim_options options;
    shim_parse_options(argc, argv, &options);
    pid_t parent = options.parent_pid != 0 ? options.parent_pid : getppid();

    // A new session, so the group is ours alone; the daemon may have made one for us already.
    if (getpgrp() != getpid() && setsid() < 0) shim_fail("cannot start a new session: %m");
    // Orphans of the child's own children become ours, not init's: once the child is gone, having
    // no children left means nothing of the group is left either (shim_reap_descendants).
    prctl(PR_SET_CHILD_SUBREAPER, 1UL, 0UL, 0UL, 0UL);
    shim_close_inherited();

    int wake[2], output[2];
    if (pipe2(wake, O_NONBLOCK | O_CLOEXEC) != 0 || pipe(output) != 0) shim_fail("cannot create a pipe: %m");
    fcntl(output[0], F_SETFD, FD_CLOEXEC);
    shim_install_signals(wake[1], parent);
    shim_arm_parent_death();

    struct log_writer *log = log_open(options.log_path, options.log_max_bytes, options.log_keep);
    if (log == NULL) shim_fail("cannot open log '%s': %m", options.log_path);

    pid_t child = fork();
    if (child < 0) shim_fail("cannot fork: %m");
    if (child == 0) shim_launch_child(&options, output[1], argv);
    close(output[1]);

    int status = supervise(child, output[0], wake[0], log);
    // Whatever the child left behind in the group goes with it. Every member of the group is a
    // descendant of the shim (it made the session), and every orphan is the shim's child: with no
    // children left there is nothing to look for in /proc.
    if (!shim_reap_descendants()) {
        shim_kill_group_members(getpid(), getpid());
        shim_reap_descendants();
    }
    drain(output[0], log);
    log_finish(log);
    if (WIFSIGNALED(status)) shim_die_by(WTERMSIG(status));
    return WEXITSTATUS(status);
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "--fork-server") == 0) return fork_server_run(argc, argv);
    return shim_run(argc, argv);
}
