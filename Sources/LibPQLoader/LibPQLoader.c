#include "LibPQLoader.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

static devenv_libpq api;
static const devenv_libpq *loaded;
static char failure[512];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static int resolve(void *library, const char *name, void **slot) {
    *slot = dlsym(library, name);
    if (*slot == NULL) {
        snprintf(failure, sizeof failure, "libpq.so.5 has no %s: %s", name, dlerror());
        return 0;
    }
    return 1;
}

#define RESOLVE(name) if (!resolve(library, #name, (void **)&api.name)) return;

static void load(void) {
    void *library = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        snprintf(failure, sizeof failure, "cannot load libpq.so.5 (%s); install it: apt-get install libpq5", dlerror());
        return;
    }
    RESOLVE(PQconnectdbParams) RESOLVE(PQstatus) RESOLVE(PQfinish) RESOLVE(PQerrorMessage)
    RESOLVE(PQtransactionStatus) RESOLVE(PQsetNoticeProcessor) RESOLVE(PQping) RESOLVE(PQpingParams)
    RESOLVE(PQconninfoParse) RESOLVE(PQconninfoFree) RESOLVE(PQsendQuery) RESOLVE(PQsendQueryParams)
    RESOLVE(PQgetResult) RESOLVE(PQresultStatus) RESOLVE(PQresultErrorField) RESOLVE(PQntuples)
    RESOLVE(PQnfields) RESOLVE(PQgetvalue) RESOLVE(PQgetisnull) RESOLVE(PQcmdTuples) RESOLVE(PQcmdStatus)
    RESOLVE(PQclear) RESOLVE(PQputCopyData) RESOLVE(PQputCopyEnd) RESOLVE(PQgetCopyData) RESOLVE(PQfreemem)
    RESOLVE(PQencryptPasswordConn)
    loaded = &api;
}

const devenv_libpq *devenv_libpq_load(void) {
    pthread_once(&once, load);
    return loaded;
}

const char *devenv_libpq_error(void) {
    pthread_once(&once, load);
    return loaded ? "" : failure;
}
