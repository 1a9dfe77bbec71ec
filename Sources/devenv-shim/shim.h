// devenv-shim: the minimal parent between the devenv daemon and one child. See main.c.
#ifndef DEVENV_SHIM_H
#define DEVENV_SHIM_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE  // pipe2, SIGSTKFLT, SIGPWR
#endif

#include <stddef.h>
#include <sys/types.h>

// Exit status for the shim's own failures (bad usage, log not writable, cannot fork…).
#define SHIM_FAILURE 125
// Exit statuses when PROGRAM cannot be found (127) or found but not run (126), as sh does.
#define SHIM_NOT_EXECUTABLE 126
#define SHIM_NOT_FOUND 127

// ---------------------------------------------------------------------------- messages (main.c)

// Writes `devenv-shim: <message>\n` to `fd` in one write.
void shim_say(int fd, const char *format, ...) __attribute__((format(printf, 2, 3)));
// Reports a failure of the shim itself on stderr and exits 125.
_Noreturn void shim_fail(const char *format, ...) __attribute__((format(printf, 1, 2)));

// Runs the shim for `argv` (`devenv-shim --log FILE … -- PROGRAM ARGS…`); returns its exit status.
int shim_run(int argc, char **argv);

// ---------------------------------------------------------------------------- fork_server.c

// `devenv-shim --fork-server --parent-pid PID`, with a SOCK_SEQPACKET socket on descriptor 3:
// each request is a shim's command line and environment; the server clones itself (CLONE_PARENT:
// the new shim is the daemon's child, as if spawned by it) and answers the pid, or -errno.
int fork_server_run(int argc, char **argv);

// ---------------------------------------------------------------------------- options.c

#define SHIM_MAX_GROUPS 256

// The ids the child runs with (`--user UID:GID[:GROUP,...]`, numeric: the shim looks no names up).
struct shim_user {
    uid_t uid;
    gid_t gid;
    size_t group_count;
    gid_t groups[SHIM_MAX_GROUPS];
};

// The command line, as pointers into argv.
struct shim_options {
    const char *log_path;
    long long log_max_bytes;
    int log_keep;
    int has_user;
    struct shim_user user;
    const char *working_directory;  // NULL: stay
    pid_t parent_pid;               // 0: the parent the shim has when it starts
    int program_index;              // argv[program_index] is PROGRAM, NULL-terminated after
};

// Parses argv; on a usage error, prints the reason and the usage and exits 125.
void shim_parse_options(int argc, char **argv, struct shim_options *options);

// ---------------------------------------------------------------------------- log_writer.c

// The child's output, one line per record, each prefixed with a UTC timestamp
// (`2026-11-21T23:00:00.123Z `), rotating FILE → FILE.1 → … → FILE.keep before a record would
// take the file past max_bytes. A partial line is held until its newline, the end of the output,
// or until it fills the line buffer; then it is written as a record of its own.
struct log_writer;

// Opens (appends to) the log; NULL with errno set on failure.
struct log_writer *log_open(const char *path, long long max_bytes, int keep);
// Takes a chunk of the child's output and writes every complete line.
void log_append(struct log_writer *log, const unsigned char *bytes, size_t count);
// Writes a held partial line, at the end of the output.
void log_finish(struct log_writer *log);

// ---------------------------------------------------------------------------- signals.c

// Installs the shim's dispositions: stop signals ignored, SIGCHLD writes a byte to `wake_fd`
// (non-blocking), the parent-death signal kills the group when `parent` is gone.
void shim_install_signals(int wake_fd, pid_t parent);
// Asks the kernel for the parent-death signal, then checks the parent did not die first.
void shim_arm_parent_death(void);
// In the forked child before exec: every disposition back to default, nothing blocked.
void shim_reset_signals_for_exec(void);
// Ends the shim with `signal`, as its child ended, so the parent's waitpid sees the same status.
_Noreturn void shim_die_by(int signal);

// ---------------------------------------------------------------------------- child.c

// What the forked child does before it becomes PROGRAM: output onto the pipe, stdin from
// /dev/null, default signals, working directory, privileges, exec. It never returns.
_Noreturn void shim_launch_child(const struct shim_options *options, int output_fd, char **argv);

// ---------------------------------------------------------------------------- group.c

// Closes every descriptor above stderr: the daemon's sockets and files are none of the shim's.
void shim_close_inherited(void);
// SIGKILLs every live member of process group `pgid` except `except`, pass after pass until a
// pass finds none (a member may fork while it is being killed).
void shim_kill_group_members(pid_t pgid, pid_t except);
// Reaps the shim's exited children (orphans it adopted as subreaper); true when none is left.
int shim_reap_descendants(void);

#endif
