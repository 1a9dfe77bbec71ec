#include "shim.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

// Calls `body(number, context)` for each entry of the directory at `path` whose name is a
// number (pids in /proc, descriptors in /proc/self/fd), skipping the directory's own descriptor.
static void for_each_number(const char *path, void (*body)(long, void *), void *context) {
    DIR *directory = opendir(path);
    if (directory == NULL) return;
    int own = dirfd(directory);
    struct dirent *entry;
    while ((entry = readdir(directory)) != NULL) {
        char *end;
        long number = strtol(entry->d_name, &end, 10);
        if (end != entry->d_name && *end == '\0' && number != own) body(number, context);
    }
    closedir(directory);
}

static void close_descriptor(long fd, void *context) {
    (void)context;
    if (fd > STDERR_FILENO) close((int)fd);
}

void shim_close_inherited(void) {
#ifdef SYS_close_range
    if (syscall(SYS_close_range, 3U, ~0U, 0U) == 0) return;
#endif
    for_each_number("/proc/self/fd", close_descriptor, NULL);  // kernels before 5.9
}

struct group_pass {
    pid_t pgid;
    pid_t except;
    int found;
};

// From `pid (comm) S ppid pgrp …` the state and pgrp (comm may hold spaces and ')').
static void kill_if_member(long pid, void *context) {
    struct group_pass *pass = context;
    char path[64], text[1024];
    snprintf(path, sizeof path, "/proc/%ld/stat", pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    ssize_t count = read(fd, text, sizeof text - 1);
    close(fd);
    if (count <= 0) return;
    text[count] = '\0';
    char *close_paren = strrchr(text, ')');
    char state;
    int ppid, pgrp;
    if (close_paren == NULL || sscanf(close_paren + 1, " %c %d %d", &state, &ppid, &pgrp) != 3) return;
    if (pgrp == pass->pgid && pid != pass->except && state != 'Z' && state != 'X') {
        kill((pid_t)pid, SIGKILL);
        pass->found = 1;
    }
}

int shim_reap_descendants(void) {
    for (;;) {
        pid_t pid = waitpid(-1, NULL, WNOHANG);
        if (pid > 0) continue;
        if (pid < 0 && errno == EINTR) continue;
        return pid < 0 && errno == ECHILD;
    }
}

void shim_kill_group_members(pid_t pgid, pid_t except) {
    for (int attempt = 0; attempt < 20; attempt++) {
        struct group_pass pass = {pgid, except, 0};
        for_each_number("/proc", kill_if_member, &pass);
        if (!pass.found) return;
    }
}
