#ifndef DEVENV_CSHIMSUPPORT_H
#define DEVENV_CSHIMSUPPORT_H

/// prctl(PR_SET_PDEATHSIG, signal): prctl is variadic, so Swift cannot call it directly.
/// Returns 0, or -1 with errno set.
int devenv_set_parent_death_signal(int signal);

#endif
