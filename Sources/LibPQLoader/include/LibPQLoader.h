#ifndef DEVENV_LIBPQLOADER_H
#define DEVENV_LIBPQLOADER_H

// libpq, loaded when first needed (dlopen of libpq.so.5) instead of linked: a process that never
// talks to Postgres (a daemon whose manifest has no postgres: block, most CLI commands) does not
// load libpq and the TLS, Kerberos and LDAP libraries it pulls in.

#include <postgresql/libpq-fe.h>

/// The libpq functions devenv calls, with libpq's own signatures.
typedef struct devenv_libpq {
    __typeof__(&PQconnectdbParams) PQconnectdbParams;
    __typeof__(&PQstatus) PQstatus;
    __typeof__(&PQfinish) PQfinish;
    __typeof__(&PQerrorMessage) PQerrorMessage;
    __typeof__(&PQtransactionStatus) PQtransactionStatus;
    __typeof__(&PQsetNoticeProcessor) PQsetNoticeProcessor;
    __typeof__(&PQping) PQping;
    __typeof__(&PQpingParams) PQpingParams;
    __typeof__(&PQconninfoParse) PQconninfoParse;
    __typeof__(&PQconninfoFree) PQconninfoFree;
    __typeof__(&PQsendQuery) PQsendQuery;
    __typeof__(&PQsendQueryParams) PQsendQueryParams;
    __typeof__(&PQgetResult) PQgetResult;
    __typeof__(&PQresultStatus) PQresultStatus;
    __typeof__(&PQresultErrorField) PQresultErrorField;
    __typeof__(&PQntuples) PQntuples;
    __typeof__(&PQnfields) PQnfields;
    __typeof__(&PQgetvalue) PQgetvalue;
    __typeof__(&PQgetisnull) PQgetisnull;
    __typeof__(&PQcmdTuples) PQcmdTuples;
    __typeof__(&PQcmdStatus) PQcmdStatus;
    __typeof__(&PQclear) PQclear;
    __typeof__(&PQputCopyData) PQputCopyData;
    __typeof__(&PQputCopyEnd) PQputCopyEnd;
    __typeof__(&PQgetCopyData) PQgetCopyData;
    __typeof__(&PQfreemem) PQfreemem;
    __typeof__(&PQencryptPasswordConn) PQencryptPasswordConn;
} devenv_libpq;

/// libpq's functions, loaded on the first call (thread-safe); NULL when libpq.so.5 cannot be
/// loaded or lacks one of them, with the reason from `devenv_libpq_error()`.
const devenv_libpq *devenv_libpq_load(void);

/// Why `devenv_libpq_load()` returned NULL.
const char *devenv_libpq_error(void);

#endif
