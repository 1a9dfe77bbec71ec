// SwiftPM links every executable through swiftc, which adds swiftrt.o (the hook that registers a
// Swift image's metadata with the Swift runtime) even to this pure C program. These two
// definitions satisfy its references, so the shim links statically without the Swift runtime:
// the hook runs once at start-up and hands its (empty) sections to a function that ignores them.
#include "shim.h"

void swift_addNewDSOImage(const void *sections);
void swift_addNewDSOImage(const void *sections) { (void)sections; }

int _swift_backtrace_isThunkFunction(const char *name);
int _swift_backtrace_isThunkFunction(const char *name) {
    (void)name;
    return 0;
}
