#include "shim.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

// The message goes to the log through the pipe; the child then exits 125, which the shim mirrors.
#define fail_before_exec(...) (shim_say(STDERR_FILENO, __VA_ARGS__), _exit(SHIM_FAILURE))

// setgroups, setgid, setuid: in this order, since each needs the privilege the next drops.
static void drop_privileges(const struct shim_user *user) {
    // Already that user, unprivileged: there is nothing to drop, and no right to set groups.
    if (geteuid() != 0 && getuid() == user->uid && getgid() == user->gid) return;
    if (setgroups(user->group_count, user->groups) != 0) {
        fail_before_exec("cannot set the supplementary groups of user id %u: %m", (unsigned)user->uid);
    }
    if (setgid(user->gid) != 0) fail_before_exec("cannot set group id %u: %m", (unsigned)user->gid);
    if (setuid(user->uid) != 0) fail_before_exec("cannot set user id %u: %m", (unsigned)user->uid);
}

void shim_launch_child(const struct shim_options *options, int output_fd, char **argv) {
    shim_reset_signals_for_exec();
    int null = open("/dev/null", O_RDONLY);
    if (null >= 0) {
        dup2(null, STDIN_FILENO);
        if (null != STDIN_FILENO) close(null);
    } else {
        close(STDIN_FILENO);
    }
    dup2(output_fd, STDOUT_FILENO);
    dup2(output_fd, STDERR_FILENO);
    if (output_fd > STDERR_FILENO) close(output_fd);

    if (options->working_directory != NULL && chdir(options->working_directory) != 0) {
        fail_before_exec("cannot change to directory '%s': %m", options->working_directory);
    }
    if (options->has_user) drop_privileges(&options->user);

    char **program = argv + options->program_index;
    execvp(program[0], program);
    int code = errno;
    shim_say(STDERR_FILENO, "cannot run '%s': %s", program[0], strerror(code));
    _exit(code == ENOENT || code == ENOTDIR ? SHIM_NOT_FOUND : SHIM_NOT_EXECUTABLE);
}
