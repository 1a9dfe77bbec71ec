import CShimSupport
import Glibc

/// Write end of the self-pipe the SIGCHLD handler wakes the main loop through.
nonisolated(unsafe) private var wakeWriteFD: Int32 = -1
/// The parent the shim dies with.
nonisolated(unsafe) private var expectedParent: pid_t = 0

/// How the shim treats signals: it outlives the stop signals sent to its group, wakes on
/// SIGCHLD, and takes its whole group down when its parent dies.
enum ShimSignals {
    /// The parent-death signal: a real-time signal nobody sends by accident, so a stop signal
    /// sent to the group is never mistaken for the daemon's death.
    static var parentDeath: Int32 { __libc_current_sigrtmin() + 2 }

    /// Signals whose default action would end the shim before its child: the shim ignores them
    /// so it captures the child's last output and mirrors its status. SIGKILL and SIGSTOP
    /// still apply; faults (SEGV, BUS…) keep their default.
    static var ignored: [Int32] {
        var signals: [Int32] = [
            SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGPIPE, SIGALRM, SIGVTALRM,
            SIGPROF, SIGIO, SIGXCPU, SIGXFSZ, SIGPWR, SIGSTKFLT, SIGTSTP, SIGTTIN, SIGTTOU,
        ]
        for signal in __libc_current_sigrtmin()..<Int32(NSIG) where signal != parentDeath {
            signals.append(signal)
        }
        return signals
    }

    /// Installs the shim's dispositions. `wakeFD` is the non-blocking write end of the
    /// self-pipe; `parent` is the process whose death ends the group.
    static func install(wakeFD: Int32, parent: pid_t) {
        wakeWriteFD = wakeFD
        expectedParent = parent
        var mask = sigset_t()
        sigemptyset(&mask)
        sigprocmask(SIG_SETMASK, &mask, nil)
        for signal in ignored {
            Glibc.signal(signal, SIG_IGN)
        }
        var child = sigaction()
        child.__sigaction_handler.sa_handler = { _ in
            let saved = errno
            var byte: UInt8 = 1
            _ = write(wakeWriteFD, &byte, 1)
            errno = saved
        }
        child.sa_flags = SA_NOCLDSTOP | SA_RESTART
        sigemptyset(&child.sa_mask)
        sigaction(SIGCHLD, &child, nil)

        var death = sigaction()
        death.__sigaction_handler.sa_handler = { _ in
            // The signal also comes when the spawning *thread* of a living parent exits: only a
            // changed parent means the parent process died. getppid and kill are signal-safe.
            if getppid() != expectedParent {
                kill(0, SIGKILL)
            }
        }
        death.sa_flags = SA_RESTART
        sigemptyset(&death.sa_mask)
        sigaction(parentDeath, &death, nil)
    }

    /// Asks the kernel for the parent-death signal, then checks the parent did not die before
    /// the request (in which case the signal will never come): the shim exits at once.
    static func armParentDeath() {
        if devenv_set_parent_death_signal(parentDeath) != 0 {
            Shim.fail("cannot set the parent-death signal: \(Shim.describe(errno: errno))")
        }
        if getppid() != expectedParent {
            kill(0, SIGKILL)
            _exit(Shim.failureStatus)
        }
    }

    /// In the forked child before exec: every disposition back to default (an ignored one
    /// would otherwise survive exec) and nothing blocked.
    static func resetForExec() {
        for signal in 1..<Int32(NSIG) where signal != SIGKILL && signal != SIGSTOP {
            Glibc.signal(signal, SIG_DFL)
        }
        var mask = sigset_t()
        sigemptyset(&mask)
        sigprocmask(SIG_SETMASK, &mask, nil)
    }

    /// Ends the shim with `signal`, as its child ended, so the parent's waitpid sees the same
    /// status. Core dumps are off: the child already dumped, if anything.
    static func die(by signal: Int32) -> Never {
        var noCore = rlimit(rlim_cur: 0, rlim_max: 0)
        setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &noCore)
        Glibc.signal(signal, SIG_DFL)
        var mask = sigset_t()
        sigemptyset(&mask)
        sigaddset(&mask, signal)
        sigprocmask(SIG_UNBLOCK, &mask, nil)
        raise(signal)
        // A signal whose default is not to terminate (the child cannot have died of one).
        exit(128 + signal)
    }
}
