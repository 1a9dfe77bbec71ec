#include "shim.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum {
    LINE_CAPACITY = 16 * 1024,
    OUT_CAPACITY = 32 * 1024,
    STAMP_LENGTH = 25,  // 2026-11-21T23:00:00.123Z and a space
};

struct log_writer {
    const char *path;
    long long max_bytes;
    int keep;
    int fd;
    long long size;
    size_t line_length;
    size_t out_length;
    char stamp[96];  // STAMP_LENGTH used; room for snprintf's worst case
    unsigned char line[LINE_CAPACITY];
    unsigned char out[OUT_CAPACITY];
};

static int open_log(const char *path) {
    return open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
}

struct log_writer *log_open(const char *path, long long max_bytes, int keep) {
    int fd = open_log(path);
    if (fd < 0) return NULL;
    struct log_writer *log = calloc(1, sizeof *log);
    if (log == NULL) {
        close(fd);
        errno = ENOMEM;
        return NULL;
    }
    struct stat info;
    log->size = fstat(fd, &info) == 0 ? (long long)info.st_size : 0;
    log->fd = fd;
    log->path = path;
    log->max_bytes = max_bytes;
    log->keep = keep;
    return log;
}

// The current UTC time into `stamp`: no locale, no allocation.
static void stamp_now(struct log_writer *log) {
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    struct tm parts;
    gmtime_r(&now.tv_sec, &parts);
    snprintf(log->stamp, sizeof log->stamp, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ ",
             parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min,
             parts.tm_sec, now.tv_nsec / 1000000);
}

static void flush(struct log_writer *log) {
    size_t offset = 0;
    while (offset < log->out_length) {
        ssize_t written = write(log->fd, log->out + offset, log->out_length - offset);
        if (written < 0) {
            if (errno == EINTR) continue;
            break;  // a full disk loses log lines, never the child
        }
        offset += (size_t)written;
    }
    log->out_length = 0;
}

// FILE.(keep-1) → FILE.keep, …, FILE → FILE.1, then a fresh FILE. With keep 0 the file is
// truncated instead.
static void rotate(struct log_writer *log) {
    log->size = 0;
    if (log->keep == 0) {
        if (ftruncate(log->fd, 0) != 0) { /* nothing better to do: the log keeps growing */ }
        return;
    }
    char from[PATH_MAX + 16], to[PATH_MAX + 16];
    for (int generation = log->keep - 1; generation >= 1; generation--) {
        snprintf(from, sizeof from, "%s.%d", log->path, generation);
        snprintf(to, sizeof to, "%s.%d", log->path, generation + 1);
        rename(from, to);
    }
    snprintf(to, sizeof to, "%s.1", log->path);
    rename(log->path, to);
    int fresh = open_log(log->path);
    if (fresh >= 0) {
        close(log->fd);
        log->fd = fresh;
    }
}

static void end_line(struct log_writer *log) {
    size_t record = STAMP_LENGTH + log->line_length + 1;
    if (log->size > 0 && log->size + (long long)record > log->max_bytes) {
        flush(log);
        rotate(log);
    }
    if (log->out_length + record > OUT_CAPACITY) flush(log);
    unsigned char *cursor = log->out + log->out_length;
    memcpy(cursor, log->stamp, STAMP_LENGTH);
    memcpy(cursor + STAMP_LENGTH, log->line, log->line_length);
    cursor[record - 1] = '\n';
    log->out_length += record;
    log->size += (long long)record;
    log->line_length = 0;
}

void log_append(struct log_writer *log, const unsigned char *bytes, size_t count) {
    stamp_now(log);
    for (size_t index = 0; index < count; index++) {
        unsigned char byte = bytes[index];
        if (byte == '\n') {
            end_line(log);
            continue;
        }
        log->line[log->line_length++] = byte;
        if (log->line_length == LINE_CAPACITY) end_line(log);
    }
    flush(log);
}

void log_finish(struct log_writer *log) {
    if (log->line_length > 0) {
        stamp_now(log);
        end_line(log);
    }
    flush(log);
}
