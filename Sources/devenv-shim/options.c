#include "shim.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: devenv-shim --log FILE [--log-max-bytes N] [--log-keep K] [--user UID:GID[:GROUP,...]] "
    "[--cwd DIR] [--parent-pid PID] -- PROGRAM ARGS...";

#define usage_error(format, ...) shim_fail(format "\n%s", ##__VA_ARGS__, usage)

// A whole number in [minimum, maximum], or a usage error naming the option.
static long long number(const char *text, const char *option, long long minimum, long long maximum) {
    char *end = NULL;
    errno = 0;
    long long value = strtoll(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || value < minimum || value > maximum) {
        usage_error("%s expects a whole number from %lld, got '%s'", option, minimum, text);
    }
    return value;
}

// One id of `--user`: digits only, at most UINT32_MAX. Advances *cursor past it.
static int parse_id(const char **cursor, uint32_t *id) {
    const char *start = *cursor;
    unsigned long long value = 0;
    while (**cursor >= '0' && **cursor <= '9') {
        value = value * 10 + (unsigned long long)(**cursor - '0');
        if (value > UINT32_MAX) return 0;
        (*cursor)++;
    }
    *id = (uint32_t)value;
    return *cursor != start;
}

// `UID:GID[:GROUP,...]`, each a whole number.
static void parse_user(const char *text, struct shim_user *user) {
    const char *cursor = text;
    uint32_t uid, gid;
    int ok = parse_id(&cursor, &uid) && *cursor++ == ':' && parse_id(&cursor, &gid);
    user->group_count = 0;
    if (ok && *cursor == ':') {
        cursor++;
        while (ok && *cursor != '\0') {
            uint32_t group;
            ok = user->group_count < SHIM_MAX_GROUPS && parse_id(&cursor, &group);
            if (ok) user->groups[user->group_count++] = group;
            if (ok && *cursor == ',') {
                cursor++;
                ok = *cursor != '\0';
            }
        }
    }
    if (!ok || *cursor != '\0') {
        usage_error("--user expects UID:GID[:GROUP,...] in whole numbers, got '%s'", text);
    }
    user->uid = uid;
    user->gid = gid;
}

void shim_parse_options(int argc, char **argv, struct shim_options *options) {
    memset(options, 0, sizeof *options);
    options->log_max_bytes = 10LL << 20;
    options->log_keep = 3;
    int index = 1;
    while (index < argc) {
        const char *arg = argv[index];
        if (strcmp(arg, "--") == 0) {
            index++;
            break;
        }
        if (index + 1 >= argc) usage_error("option %s needs a value, or is unknown", arg);
        const char *value = argv[index + 1];
        if (strcmp(arg, "--log") == 0) {
            options->log_path = value;
        } else if (strcmp(arg, "--log-max-bytes") == 0) {
            options->log_max_bytes = number(value, arg, 1, LLONG_MAX);
        } else if (strcmp(arg, "--log-keep") == 0) {
            options->log_keep = (int)number(value, arg, 0, 1000);
        } else if (strcmp(arg, "--user") == 0) {
            parse_user(value, &options->user);
            options->has_user = 1;
        } else if (strcmp(arg, "--cwd") == 0) {
            options->working_directory = value;
        } else if (strcmp(arg, "--parent-pid") == 0) {
            options->parent_pid = (pid_t)number(value, arg, 1, INT32_MAX);
        } else {
            usage_error("unknown option %s", arg);
        }
        index += 2;
    }
    if (options->log_path == NULL) usage_error("--log FILE is required");
    if (index >= argc) usage_error("no PROGRAM after --");
    options->program_index = index;
}
