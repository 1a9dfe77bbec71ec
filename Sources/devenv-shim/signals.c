#include "shim.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

// Shared with the handlers.
static int wake_write_fd = -1;
static pid_t expected_parent;

// The parent-death signal: a real-time signal nobody sends by accident, so a stop signal sent to
// the group is never mistaken for the daemon's death.
static int parent_death_signal(void) { return SIGRTMIN + 2; }

static void on_child(int signal) {
    (void)signal;
    int saved = errno;
    char byte = 1;
    if (write(wake_write_fd, &byte, 1) < 0) { /* the pipe is full: the loop is awake anyway */ }
    errno = saved;
}

static void on_parent_death(int signal) {
    (void)signal;
    // The signal also comes when the spawning *thread* of a living parent exits: only a changed
    // parent means the parent process died. getppid and kill are async-signal-safe.
    if (getppid() != expected_parent) kill(0, SIGKILL);
}

// Signals whose default action would end the shim before its child: it ignores them so it
// captures the child's last output and mirrors its status. SIGKILL and SIGSTOP still apply;
// faults (SEGV, BUS…) keep their default; SIGCHLD and the parent-death signal are handled.
static int is_ignored(int signal) {
    switch (signal) {
    case SIGHUP: case SIGINT: case SIGQUIT: case SIGTERM: case SIGUSR1: case SIGUSR2:
    case SIGPIPE: case SIGALRM: case SIGVTALRM: case SIGPROF: case SIGIO: case SIGXCPU:
    case SIGXFSZ: case SIGPWR: case SIGSTKFLT: case SIGTSTP: case SIGTTIN: case SIGTTOU:
        return 1;
    default:
        return signal >= SIGRTMIN && signal != parent_death_signal();
    }
}

void shim_install_signals(int wake_fd, pid_t parent) {
    wake_write_fd = wake_fd;
    expected_parent = parent;
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    for (int signal = 1; signal < NSIG; signal++) {
        if (is_ignored(signal)) sigaction(signal, &(struct sigaction){.sa_handler = SIG_IGN}, NULL);
    }
    struct sigaction child = {.sa_handler = on_child, .sa_flags = SA_NOCLDSTOP | SA_RESTART};
    sigemptyset(&child.sa_mask);
    sigaction(SIGCHLD, &child, NULL);
    struct sigaction death = {.sa_handler = on_parent_death, .sa_flags = SA_RESTART};
    sigemptyset(&death.sa_mask);
    sigaction(parent_death_signal(), &death, NULL);
}

void shim_arm_parent_death(void) {
    if (prctl(PR_SET_PDEATHSIG, (unsigned long)parent_death_signal(), 0UL, 0UL, 0UL) != 0) {
        shim_fail("cannot set the parent-death signal: %m");
    }
    // The parent died before the request: the signal will never come.
    if (getppid() != expected_parent) {
        kill(0, SIGKILL);
        _exit(SHIM_FAILURE);
    }
}

void shim_reset_signals_for_exec(void) {
    for (int signal = 1; signal < NSIG; signal++) {
        if (signal != SIGKILL && signal != SIGSTOP) {
            sigaction(signal, &(struct sigaction){.sa_handler = SIG_DFL}, NULL);
        }
    }
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
}

void shim_die_by(int signal) {
    // Core dumps are off: the child already dumped, if anything.
    setrlimit(RLIMIT_CORE, &(struct rlimit){0, 0});
    sigaction(signal, &(struct sigaction){.sa_handler = SIG_DFL}, NULL);
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, signal);
    sigprocmask(SIG_UNBLOCK, &mask, NULL);
    // kill rather than raise: the same for this single-threaded process, and independent of
    // glibc's thread block, which in a fork-server clone still holds the server's thread id
    // (glibc 2.35+ asks the kernel in raise; older ones would signal the server).
    kill(getpid(), signal);
    // A signal whose default is not to terminate (the child cannot have died of one).
    exit(128 + signal);
}
