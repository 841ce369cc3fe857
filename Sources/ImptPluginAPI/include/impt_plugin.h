/*
 * impt plugin ABI.
 *
 * This header is the whole contract between the `impt` host and a command-group plugin. A plugin
 * is a shared library that exports exactly one symbol, `impt_plugin_entry`, and compiles against
 * nothing but this file. Docs/PluginAuthorGuide.md explains how to write one.
 *
 * Rules that hold for every declaration below:
 *
 *  - Every struct starts with an `impt_struct_header`: its size and the ABI version it was written
 *    against. The one growth rule: a struct grows only by appending fields, in a new minor
 *    version, and a field the writer did not know is read as zero; no field ever moves or changes
 *    type. The declaration structs (descriptor, command, option, constraint) grow this way. A
 *    service vtable is the exception by design: once published under its id it never changes at
 *    all, and new functions come as a new id ("impt.api/2" beside "impt.api/1"). Arrays of
 *    structs are read with a stride equal to the `struct_size` of their first element, so all
 *    elements of one array must be of the same size. The layouts are frozen at the end of this
 *    file by static assertions, for every minor version.
 *  - Only C types cross the boundary: NUL-terminated UTF-8 strings, fixed-width integers, bool,
 *    double, opaque handles and function pointers.
 *  - Ownership: arguments are borrowed for the duration of a call. Strings in a descriptor must
 *    stay valid forever (use static storage). `impt_value` handles belong to the command
 *    invocation and are released when the handler returns. Memory the host hands over as `char *`
 *    is released with `impt_host.free`.
 *  - Errors: functions return an `int32_t` status (`IMPT_OK` or an `IMPT_ERR_*` code). A service
 *    that fails has already recorded a message in the invocation; the handler usually returns the
 *    same status and the host reports it. Plugins record their own failures with `impt_host.fail`.
 *  - Threading: the host calls entry points and handlers on the main thread. Unless a function is
 *    documented as "any thread", call it only from the thread that is running the handler.
 *  - A plugin is never unloaded.
 */
#ifndef IMPT_PLUGIN_H
#define IMPT_PLUGIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------------------------ */
/* Versions                                                                                   */
/* ------------------------------------------------------------------------------------------ */

/** ABI major version. A host loads only plugins with the same major version. */
#define IMPT_ABI_MAJOR 1
/** Newest ABI minor version described by this header. A host loads plugins whose minor version
 *  is lower than or equal to its own. */
#define IMPT_ABI_MINOR 3

/**
 * The ABI minor version a plugin is written against. Define it before including this header to
 * build a plugin that also loads into older hosts: fields added by later minor versions are then
 * left out of the structs. Defaults to the newest version.
 *
 * History: 1.0 – descriptors, commands, options and the v1 services.
 *          1.1 – cross-option constraints and usage examples on commands.
 *          1.2 – an `init` callback in the descriptor that can refuse with a message; the services
 *                impt.output/2 (flush, progress, result items), impt.api/2 (bulk requests),
 *                impt.values/2 (scopes), impt.config/2 (plugin settings) and impt.stream/1
 *                (Server-Sent Events streams, interruptible waits).
 *          1.3 – `impt_command.run`: one handler type for every command, reading the parsed
 *                arguments by option name through the service impt.args/1; the plugin's
 *                `language` and `toolchain` in the descriptor; impt.output/3 (standard error).
 */
#ifndef IMPT_TARGET_ABI_MINOR
#define IMPT_TARGET_ABI_MINOR IMPT_ABI_MINOR
#endif

/** Name of the one symbol a plugin exports. */
#define IMPT_PLUGIN_ENTRY_SYMBOL "impt_plugin_entry"

/** Marks the entry function as exported from the shared library. */
#if defined(__GNUC__) || defined(__clang__)
#define IMPT_PLUGIN_EXPORT __attribute__((visibility("default")))
#else
#define IMPT_PLUGIN_EXPORT
#endif

/** First member of every struct of this ABI. */
typedef struct impt_struct_header {
    /** `sizeof` the struct as compiled by its writer. */
    uint32_t struct_size;
    /** `IMPT_ABI_MAJOR` of the writer. */
    uint16_t abi_major;
    /** ABI minor version the writer targeted (`IMPT_TARGET_ABI_MINOR` for plugins). */
    uint16_t abi_minor;
} impt_struct_header;

/** Initialiser for the header of a struct of type `type` written by a plugin. */
#define IMPT_HEADER(type) { (uint32_t)sizeof(type), IMPT_ABI_MAJOR, IMPT_TARGET_ABI_MINOR }

/* ------------------------------------------------------------------------------------------ */
/* Status codes                                                                               */
/* ------------------------------------------------------------------------------------------ */

/** Result of a handler or of a service call. The host maps them to the process exit status. */
typedef enum impt_status {
    IMPT_OK = 0,
    /** Something failed; the recorded message says what. */
    IMPT_ERR_FAILED = 1,
    /** The command line is wrong. The host prints the command's help before the message. */
    IMPT_ERR_USAGE = 2,
    /** The user declined a confirmation, or input ended while the host waited for an answer. */
    IMPT_ERR_CANCELLED = 3,
    /** impCentral answered with an error document. */
    IMPT_ERR_API = 4,
    /** impCentral could not be reached, or the exchange timed out. */
    IMPT_ERR_NETWORK = 5,
    /** An entity, file or other named thing does not exist. */
    IMPT_ERR_NOT_FOUND = 6,
    /** An identifier matches more than one entity. */
    IMPT_ERR_AMBIGUOUS = 7,
    /** Not logged in, or the access token cannot be refreshed. */
    IMPT_ERR_AUTH = 8,
    /** An auth file or the project file is missing, corrupted or outdated. */
    IMPT_ERR_CONFIG = 9,
    /** A local file could not be read or written. */
    IMPT_ERR_IO = 10,
    /** A service was called with arguments it cannot accept (a plugin bug). */
    IMPT_ERR_INVALID_ARGUMENT = 11,
    /** The user pressed Ctrl-C while the host was waiting. */
    IMPT_ERR_INTERRUPTED = 12,
    /** A fault inside impt itself. */
    IMPT_ERR_INTERNAL = 13
} impt_status;

/* ------------------------------------------------------------------------------------------ */
/* Opaque handles                                                                             */
/* ------------------------------------------------------------------------------------------ */

/** One running command. Passed as the first argument of every handler. */
typedef struct impt_context impt_context;

/**
 * A JSON value (null, boolean, number, string, array or object with ordered members), created and
 * owned by the host for one invocation. See `impt_values_v1`.
 */
typedef struct impt_value impt_value;

/* ------------------------------------------------------------------------------------------ */
/* Declarations: options, commands, plugin                                                     */
/* ------------------------------------------------------------------------------------------ */

/**
 * Value type of an option, and therefore the C type of the handler parameter that receives it.
 */
typedef enum impt_option_type {
    /** `const char *`: the value, or NULL when the option is absent and has no default. */
    IMPT_OPTION_STRING = 1,
    /** `bool`: a flag. `--x` and `--x true` give true; `--x false` is rejected; absent gives false. */
    IMPT_OPTION_FLAG = 2,
    /** `int32_t`: a boolean that also accepts a following `true` or `false`. Bare `--x` gives 1,
     *  `--x false` gives 0, absent gives `IMPT_BOOL_UNSET`. */
    IMPT_OPTION_BOOL = 3,
    /** `int64_t`: a whole number, or `IMPT_INT_UNSET` when absent without default. */
    IMPT_OPTION_INT = 4,
    /** `const char *const *`: every value given, in order, terminated by NULL; never NULL itself
     *  (an absent option gives an empty list). The option may be repeated. */
    IMPT_OPTION_STRING_LIST = 5,
    /** `double`: a number, or NaN when absent without default. */
    IMPT_OPTION_NUMBER = 6
} impt_option_type;

/** Value an `IMPT_OPTION_BOOL` parameter has when the option is absent. */
#define IMPT_BOOL_UNSET (-1)
/** Value an `IMPT_OPTION_INT` parameter has when the option is absent (not a valid input). */
#define IMPT_INT_UNSET INT64_MIN

/** Option flags (`impt_option.flags`). */
enum {
    /** The option must be given. */
    IMPT_OPTION_REQUIRED = 1u << 0,
    /** An empty value (`--x ""`) is accepted. Without this flag it is rejected. */
    IMPT_OPTION_ALLOW_EMPTY = 1u << 1,
    /** When absent, the command takes the value from the project file (shown in help). */
    IMPT_OPTION_PROJECT_DEFAULT = 1u << 2,
    /** For `IMPT_OPTION_INT`: the value must be a positive whole number. */
    IMPT_OPTION_POSITIVE = 1u << 3,
    /** The generated usage line shows the option by its name alone, after `--output`: where the
     *  original impt showed options it added late (`[--output <mode>] [--env-variable] [--help]`),
     *  so usage lines scripts match stay as they were (1.3; older hosts ignore it). */
    IMPT_OPTION_USAGE_TRAILING = 1u << 4
};

/** One command-line option of a command. */
typedef struct impt_option {
    impt_struct_header header;
    /** Long name without dashes, e.g. "product". Lower-case letters, digits and '-'. */
    const char *name;
    /** One-letter alias without the dash, e.g. 'p', or 0 for none. */
    char alias;
    /** An `impt_option_type`. */
    uint32_t type;
    /** `IMPT_OPTION_*` flags. */
    uint32_t flags;
    /** Placeholder shown in the usage line, e.g. "PRODUCT_IDENTIFIER"; NULL for flags. */
    const char *value_name;
    /** Help text, one or more sentences. */
    const char *help;
    /** NULL-terminated list of accepted values, or NULL for any value. */
    const char *const *choices;
    /** Value used when the option is absent, written as on the command line; or NULL. */
    const char *default_value;
} impt_option;

#if IMPT_TARGET_ABI_MINOR >= 1
/** Kinds of `impt_constraint` (ABI 1.1). */
typedef enum impt_constraint_kind {
    /** `first` and `second` cannot both be given:
     *  `Options "--first" and "--second" are mutually exclusive.` */
    IMPT_CONSTRAINT_EXCLUSIVE = 1,
    /** `first` needs `second`:
     *  `Options "--first" and "--second" must be specified together.` */
    IMPT_CONSTRAINT_REQUIRES = 2,
    /** Either both or neither of `first` and `second` (same message as REQUIRES). */
    IMPT_CONSTRAINT_TOGETHER = 3
} impt_constraint_kind;

/** A rule between two options of a command, checked by the host before the handler runs (1.1). */
typedef struct impt_constraint {
    impt_struct_header header;
    /** An `impt_constraint_kind`. */
    uint32_t kind;
    /** Long names of the two options. */
    const char *first;
    const char *second;
} impt_constraint;
#endif

/**
 * A command handler. The host calls it through libffi with the signature
 *
 *     int32_t handler(impt_context *ctx, <one parameter per option, in declaration order>);
 *
 * where each parameter has the C type given by its option's `impt_option_type`. The handler
 * returns `IMPT_OK` or an error status. The generic pointer type only stores the handler; write
 * `IMPT_HANDLER(my_handler)` in a command declaration.
 */
typedef void (*impt_handler)(void);

/** Stores a handler of any signature in an `impt_command` (without a compiler warning). */
#define IMPT_HANDLER(function) ((impt_handler)(void (*)(void))(function))

/**
 * The parsed arguments of one run of a command (1.3), read by option name through the service
 * "impt.args/1". Borrowed for the duration of the `run` call, like everything they hand out.
 */
typedef struct impt_arguments impt_arguments;

/**
 * A command handler of the 1.3 form: the same C type for every command, whatever its options, so
 * no language has to cast it. It receives the context and the parsed arguments and returns
 * `IMPT_OK` or an error status, as the positional form does.
 */
typedef int32_t (*impt_run_fn)(impt_context *ctx, const impt_arguments *args);

/*
 * The usage line a host generates when `impt_command.usage` is NULL (the usual way):
 * `impt <group> <command>`, then each option in declaration order as `--name <value_name>` (a flag
 * as `--name`, an `IMPT_OPTION_BOOL` as `--name [true|false]`), in brackets unless required, then
 * `[--output <mode>]`, the `IMPT_OPTION_USAGE_TRAILING` options and `[--help]`. Two value options
 * that exclude each other (`IMPT_CONSTRAINT_EXCLUSIVE`) are shown as alternatives at the place of
 * the first, `[--user <user_id> | --lk <login_key_id>]`, and an optional value option that requires
 * one of them (`IMPT_CONSTRAINT_REQUIRES`) is shown inside it: `--user <user_id> [--pwd <password>]`.
 */

/** One command of a group, e.g. `create` in `impt product create`. */
typedef struct impt_command {
    impt_struct_header header;
    /** Command name: lower-case letters, digits and '-'. */
    const char *name;
    /** One line shown in the group's help. */
    const char *summary;
    /** Paragraph shown in the command's help; NULL to reuse the summary. */
    const char *description;
    /** Usage line after `impt <group> <command> `, or NULL to generate it from the options. */
    const char *usage;
    /** The options, excluding `--output` and `--help`, which the host adds to every command. */
    const impt_option *options;
    size_t option_count;
    /** The handler; see `impt_handler`. */
    impt_handler handler;
#if IMPT_TARGET_ABI_MINOR >= 1
    /** Rules between options (1.1). */
    const impt_constraint *constraints;
    size_t constraint_count;
    /** Example command lines shown at the end of the help, one per line; or NULL (1.1). */
    const char *examples;
#endif
#if IMPT_TARGET_ABI_MINOR >= 3
    /** The handler in the 1.3 form. When set, the host calls it and ignores `handler`, which may
     *  then be NULL; one of the two must be set (1.3). */
    impt_run_fn run;
#endif
} impt_command;

struct impt_host;

/** What a plugin provides: one command group. */
typedef struct impt_plugin_descriptor {
    impt_struct_header header;
    /** Group name used on the command line: lower-case letters, digits and '-'. */
    const char *group;
    /** One line shown by `impt --help`. */
    const char *summary;
    /** Paragraph shown by `impt <group> --help`; NULL to reuse the summary. */
    const char *description;
    /** Version of the plugin itself, e.g. "1.4.0". */
    const char *plugin_version;
    /** The commands of the group. */
    const impt_command *commands;
    size_t command_count;
#if IMPT_TARGET_ABI_MINOR >= 2
    /**
     * Optional (NULL for none). Called once per process after the host has read and checked the
     * descriptor: when the host inspects a new or changed plugin file, and before the first
     * handler of the plugin runs. It may keep `host` and look services up, but there is no
     * invocation yet, so it must not call them. Returns `IMPT_OK`, or another status after writing
     * a NUL-terminated reason of at most `message_size` bytes into `message`; the host then skips
     * the plugin, naming the file and the reason on standard error (1.2).
     */
    int32_t (*init)(const struct impt_host *host, char *message, size_t message_size);
#endif
#if IMPT_TARGET_ABI_MINOR >= 3
    /** The language the plugin is written in, e.g. "C", "C++", "Rust", "Swift", "Zig"; NULL lets
     *  the host guess ("Swift" for a library that needs the Swift runtime, else "C") (1.3). */
    const char *language;
    /** The compiler that built it, e.g. "rustc 1.63.0" or "gcc 12.2.0"; NULL when unknown. Shown
     *  by `impt plugins list`; for Swift plugins the host still checks the runtime itself (1.3). */
    const char *toolchain;
#endif
} impt_plugin_descriptor;

/* ------------------------------------------------------------------------------------------ */
/* The host                                                                                   */
/* ------------------------------------------------------------------------------------------ */

/** Describes the failure recorded in an invocation (see `impt_host.last_error`). */
typedef struct impt_error_info {
    impt_struct_header header;
    /** `IMPT_OK` when no failure is recorded, otherwise an `IMPT_ERR_*` code. */
    int32_t status;
    /** HTTP status of the failed impCentral exchange, or 0. */
    int32_t http_status;
    /** The message, borrowed until the next call that records or clears a failure. */
    const char *message;
} impt_error_info;

/** Functions the host offers to every plugin. Passed to the entry function. */
typedef struct impt_host {
    impt_struct_header header;
    /** Version of impt, e.g. "3.0.0". */
    const char *impt_version;
    /** Looks up a service vtable by id, e.g. "impt.output/1". Returns NULL when the host does not
     *  offer it. The vtable stays valid forever. Any thread. */
    const void *(*get_service)(const char *id);
    /** Releases memory the host handed over as `char *`. Any thread. */
    void (*free)(void *memory);
    /** Records a failure of the running command (the message is copied) and returns `status`,
     *  so that a handler can `return host->fail(ctx, IMPT_ERR_FAILED, "...");`. For
     *  `IMPT_ERR_USAGE` the host prints the command's help before the message. */
    int32_t (*fail)(impt_context *ctx, int32_t status, const char *message);
    /** Fills `out` (whose header the caller sets) with the recorded failure. Returns its status. */
    int32_t (*last_error)(impt_context *ctx, impt_error_info *out);
    /** Forgets the recorded failure, e.g. after handling an expected 404 itself. */
    void (*clear_error)(impt_context *ctx);
} impt_host;

/**
 * The entry function every plugin exports under the name `impt_plugin_entry`. It returns the
 * plugin's descriptor, which must stay valid forever. It may keep `host` for later use but must
 * not call services: the host also calls it just to read the declarations.
 */
typedef const impt_plugin_descriptor *(*impt_plugin_entry_fn)(const impt_host *host);

/* ------------------------------------------------------------------------------------------ */
/* Service "impt.values/1": JSON values                                                       */
/* ------------------------------------------------------------------------------------------ */

/** Kinds of `impt_value`. */
typedef enum impt_value_kind {
    IMPT_VALUE_NULL = 0,
    IMPT_VALUE_BOOL = 1,
    IMPT_VALUE_NUMBER = 2,
    IMPT_VALUE_STRING = 3,
    IMPT_VALUE_ARRAY = 4,
    IMPT_VALUE_OBJECT = 5
} impt_value_kind;

#define IMPT_SERVICE_VALUES_V1 "impt.values/1"

/**
 * Creates, reads and changes JSON values. A value handle belongs to the invocation `ctx` and stays
 * valid until the handler returns. Adding a value to an array or object copies it: later changes
 * to the added handle do not show in the container. Functions given a NULL or foreign handle
 * treat it as JSON null.
 */
typedef struct impt_values_v1 {
    impt_struct_header header;
    impt_value *(*new_null)(impt_context *ctx);
    impt_value *(*new_bool)(impt_context *ctx, bool value);
    impt_value *(*new_integer)(impt_context *ctx, int64_t value);
    impt_value *(*new_number)(impt_context *ctx, double value);
    /** A string value; NULL gives JSON null. */
    impt_value *(*new_string)(impt_context *ctx, const char *utf8);
    impt_value *(*new_array)(impt_context *ctx);
    impt_value *(*new_object)(impt_context *ctx);

    /** An `impt_value_kind`. */
    int32_t (*kind)(impt_context *ctx, const impt_value *value);
    /** The boolean, or false for other kinds. */
    bool (*get_bool)(impt_context *ctx, const impt_value *value);
    /** Stores the number in `out` if it is a whole number that fits; else `IMPT_ERR_INVALID_ARGUMENT`. */
    int32_t (*get_integer)(impt_context *ctx, const impt_value *value, int64_t *out);
    /** The number, or NaN for other kinds. */
    double (*get_number)(impt_context *ctx, const impt_value *value);
    /** The string (borrowed until the value changes or the invocation ends), or NULL. */
    const char *(*get_string)(impt_context *ctx, const impt_value *value);

    /** Number of elements of an array or members of an object; 0 for other kinds. */
    size_t (*count)(impt_context *ctx, const impt_value *value);
    /** Key of the `index`th member of an object (borrowed), or NULL. */
    const char *(*key_at)(impt_context *ctx, const impt_value *object, size_t index);
    /** The member `key` of an object, or NULL when absent. */
    impt_value *(*member)(impt_context *ctx, const impt_value *object, const char *key);
    /** Element `index` of an array, or member `index` of an object; NULL when out of range. */
    impt_value *(*element)(impt_context *ctx, const impt_value *container, size_t index);
    /** Follows a dotted path such as "data.attributes.name" or "data.0.id"; NULL when absent. */
    impt_value *(*lookup)(impt_context *ctx, const impt_value *value, const char *path);

    /** Sets (or replaces, keeping its position) member `key` of an object to a copy of `member`. */
    int32_t (*set)(impt_context *ctx, impt_value *object, const char *key, const impt_value *member);
    /** Removes member `key`; `IMPT_ERR_NOT_FOUND` when absent. */
    int32_t (*remove)(impt_context *ctx, impt_value *object, const char *key);
    /** Appends a copy of `element` to an array. */
    int32_t (*append)(impt_context *ctx, impt_value *array, const impt_value *element);

    /** Parses JSON text. On failure records the reason and returns `IMPT_ERR_INVALID_ARGUMENT`. */
    int32_t (*parse)(impt_context *ctx, const char *json, impt_value **out);
    /** JSON text of a value (two-space indentation when `pretty`). Free with `impt_host.free`. */
    char *(*serialize)(impt_context *ctx, const impt_value *value, bool pretty);
} impt_values_v1;

/* ------------------------------------------------------------------------------------------ */
/* Service "impt.output/1": results and messages                                              */
/* ------------------------------------------------------------------------------------------ */

/** Output modes chosen with `--output`/`-z`. */
typedef enum impt_output_mode {
    IMPT_OUTPUT_DEFAULT = 0,
    IMPT_OUTPUT_MINIMAL = 1,
    IMPT_OUTPUT_JSON = 2,
    IMPT_OUTPUT_DEBUG = 3
} impt_output_mode;

#define IMPT_SERVICE_OUTPUT_V1 "impt.output/1"

/**
 * Prints what a command produces. The host renders results as an indented text tree or as JSON
 * depending on the output mode, and adds the `IMPT COMMAND SUCCEEDS` / `IMPT COMMAND FAILS` line
 * after the handler returns.
 */
typedef struct impt_output_v1 {
    impt_struct_header header;
    /** The output mode of this invocation (an `impt_output_mode`). */
    int32_t (*mode)(impt_context *ctx);
    /** Prints an informational line (hidden in minimal and json modes). */
    void (*info)(impt_context *ctx, const char *text);
    /** Prints a result: an object such as `{"Product": {...}}`, an array of such objects, or a
     *  string (printed as a line). Shown in every mode; as JSON in json mode. */
    void (*result)(impt_context *ctx, const impt_value *value);
    /** Prints an object at informational level, arrays shortened to five elements followed by
     *  `And <n> more <Type>(s).` (used for lists of affected entities). */
    void (*info_result)(impt_context *ctx, const impt_value *value);
    /** Prints `Error: <text>` now, without ending the command. */
    void (*error_line)(impt_context *ctx, const char *text);
    /** Prints the success or failure status line now (for commands that report progress, such
     *  as log paging). The host still prints the final one when the handler returns. */
    void (*status_line)(impt_context *ctx, bool success);
} impt_output_v1;

/* ------------------------------------------------------------------------------------------ */
/* Service "impt.prompt/1": questions to the user                                             */
/* ------------------------------------------------------------------------------------------ */

#define IMPT_SERVICE_PROMPT_V1 "impt.prompt/1"

/**
 * Asks the user. When standard input is not a terminal, answers are read line by line from it;
 * when it ends, the question is cancelled (`IMPT_ERR_CANCELLED`, with a message naming
 * `--confirmed`) instead of waiting.
 */
typedef struct impt_prompt_v1 {
    impt_struct_header header;
    /** Prints `message` (if not NULL), asks `Are you sure you want to continue?` and reads y/n.
     *  Returns `IMPT_OK` for yes; for no or end of input records `Operation is canceled.` and
     *  returns `IMPT_ERR_CANCELLED`. */
    int32_t (*confirm)(impt_context *ctx, const char *message);
    /** Prints `Enter <label>: ` and reads a line; without echo when `hidden`. On success stores a
     *  string in `*out` to be freed with `impt_host.free`. */
    int32_t (*input)(impt_context *ctx, const char *label, bool hidden, char **out);
    /** Prints `title`, the numbered `choices` and `Enter 1 or 2: ` (up to the count) until a valid
     *  number is given; stores its zero-based index in `*out_index`. */
    int32_t (*choose)(impt_context *ctx, const char *title, const char *const *choices,
                      size_t choice_count, size_t *out_index);
    /** Prints `message` (an informational line, so not in the minimal and json modes) and waits for
     *  Enter. `IMPT_ERR_INTERRUPTED` on Ctrl-C, `IMPT_ERR_CANCELLED` at end of input. */
    int32_t (*wait_enter)(impt_context *ctx, const char *message);
} impt_prompt_v1;

/* ------------------------------------------------------------------------------------------ */
/* Service "impt.config/1": project file and auth files                                        */
/* ------------------------------------------------------------------------------------------ */

#define IMPT_SERVICE_CONFIG_V1 "impt.config/1"

/**
 * The project file `.impt.project` of the current directory, an object with at least
 * `{"deviceGroupId": ..., "deviceFile": ..., "agentFile": ...}`, and the auth files.
 */
typedef struct impt_config_v1 {
    impt_struct_header header;
    /** Loads the project file: every key, in file order. `IMPT_ERR_NOT_FOUND` when there is none
     *  (message recorded), `IMPT_ERR_CONFIG` when it is corrupted (not a JSON object with a
     *  `deviceGroupId` string, not a regular file, or larger than 1 MiB). */
    int32_t (*project_load)(impt_context *ctx, impt_value **out);
    /** Writes the given object's members over the file's current content: keys not mentioned are
     *  kept in place, a null member removes its key, new keys are appended; the result must have
     *  a `deviceGroupId` string (`IMPT_ERR_INVALID_ARGUMENT` otherwise). Replaced atomically. */
    int32_t (*project_save)(impt_context *ctx, const impt_value *project);
    /** Deletes the project file; `IMPT_ERR_NOT_FOUND` when there is none. */
    int32_t (*project_delete)(impt_context *ctx);
    /** Whether the global (`local` false) or local auth file exists. */
    bool (*auth_file_exists)(impt_context *ctx, bool local);
    /** Deletes the global or local auth file; `IMPT_ERR_CONFIG` (`Global Auth File is not
     *  found.`) when there is none. */
    int32_t (*auth_file_delete)(impt_context *ctx, bool local);
} impt_config_v1;

/* ------------------------------------------------------------------------------------------ */
/* Service "impt.api/1": the impCentral API                                                   */
/* ------------------------------------------------------------------------------------------ */

#define IMPT_SERVICE_API_V1 "impt.api/1"

/** `impt_login_request.flags`. */
enum {
    /** Write the local auth file (`./.impt.auth`) instead of the global one. */
    IMPT_LOGIN_LOCAL = 1u << 0,
    /** Do not store the refresh token or login key: the token cannot be renewed. */
    IMPT_LOGIN_TEMPORARY = 1u << 1
};

/** Parameters of `impt_api_v1.login`. */
typedef struct impt_login_request {
    impt_struct_header header;
    /** API base URL, or NULL for the default (`https://api.electricimp.com/v5`). */
    const char *endpoint;
    /** User name or e-mail address, or NULL when logging in with a login key. */
    const char *user;
    /** Password; NULL makes the host ask for it. */
    const char *password;
    /** Login key, or NULL. */
    const char *login_key;
    /** `IMPT_LOGIN_*` flags. */
    uint32_t flags;
} impt_login_request;

/**
 * Requests to the impCentral API of the current auth context. The host picks the context (local
 * auth file, `IMPT_AUTH_FILE_PATH`, `IMPT_LOGINKEY`/`IMPT_USER`, global auth file), adds the
 * bearer token, refreshes it when needed, retries on 429, and traces exchanges in debug mode.
 * Response bodies are returned as values; error documents are recorded as the failure.
 */
typedef struct impt_api_v1 {
    impt_struct_header header;
    /**
     * Sends one request. `method` is e.g. "GET"; `path` starts with '/' and is relative to the
     * endpoint ("/products/abc"). `query` is NULL or an object of string members (e.g.
     * `{"filter[owner.id]": "..."}`); `body` is NULL or the JSON document to send; `headers` is
     * NULL or a NULL-terminated list of "Name: value" lines. On success `*out` (if `out` is not
     * NULL) receives the parsed response body, or NULL when it was empty.
     */
    int32_t (*request)(impt_context *ctx, const char *method, const char *path,
                       const impt_value *query, const impt_value *body,
                       const char *const *headers, impt_value **out);
    /** Fetches every page of a collection (`page[size]=100`, following `links.next`) and stores
     *  the resources, de-duplicated by id, as an array in `*out`. */
    int32_t (*list)(impt_context *ctx, const char *path, const impt_value *query, impt_value **out);
    /**
     * Sends several requests, at most five at a time. `requests` is an array of objects
     * `{"method", "path", "query"?, "body"?, "headers"?: [..]}`. `*out` receives an array, in the
     * same order, of `{"status": <impt_status>, "http_status": n, "message": "...", "body": ...}`
     * where `http_status` is the status of the final response (200, 201, 204, 404, ...) or 0 when
     * none arrived. Each request is retried on its own after 429 and 401 (as `impt_api_v2.bulk`
     * does); a transport error fails only its own request. Returns `IMPT_OK` unless the requests
     * could not be attempted at all.
     */
    int32_t (*request_many)(impt_context *ctx, const impt_value *requests, impt_value **out);
    /** Stores the caller's account id (a string value) in `*out`. */
    int32_t (*account_id)(impt_context *ctx, impt_value **out);
    /** Logs in and writes the global or local auth file. Asks for the password when `user` is
     *  given without one, and for the one-time password when the account requires it. */
    int32_t (*login)(impt_context *ctx, const impt_login_request *request);
    /** Stores the description of the auth context of the current directory (the `Auth` object
     *  shown by `impt auth info`) in `*out`. On failure `*out` may still hold the part that was
     *  known. */
    int32_t (*auth_info)(impt_context *ctx, impt_value **out);
} impt_api_v1;

/* ------------------------------------------------------------------------------------------ */
/* Service "impt.entities/1": identification, display and deletion of impCentral entities      */
/* ------------------------------------------------------------------------------------------ */

#define IMPT_SERVICE_ENTITIES_V1 "impt.entities/1"

/** Entity kinds. */
typedef enum impt_entity_kind {
    IMPT_ENTITY_ACCOUNT = 1,
    IMPT_ENTITY_PRODUCT = 2,
    IMPT_ENTITY_DEVICE_GROUP = 3,
    IMPT_ENTITY_DEVICE = 4,
    IMPT_ENTITY_DEPLOYMENT = 5,
    IMPT_ENTITY_LOGIN_KEY = 6,
    IMPT_ENTITY_WEBHOOK = 7
} impt_entity_kind;

/** `impt_entities_v1.resolve` flags. */
enum {
    /** The identifier is an id: look it up directly, never by name or other attributes. */
    IMPT_RESOLVE_ID_ONLY = 1u << 0,
    /** Do not fall back to the project file when `identifier` is NULL. */
    IMPT_RESOLVE_NO_PROJECT = 1u << 1
};

/** Data sets of `impt_entities_v1.display`. */
typedef enum impt_display_set {
    /** id (and type) plus the main attributes, empty values left out. */
    IMPT_DISPLAY_SHORT = 1,
    /** SHORT plus the related entities shown in lists (product, owner, ...). */
    IMPT_DISPLAY_LIST = 2,
    /** Every attribute plus related entities. */
    IMPT_DISPLAY_INFO = 3,
    /** INFO plus the entity's full structure (device groups of a product, devices of a group...). */
    IMPT_DISPLAY_FULL = 4
} impt_display_set;

/**
 * Entity rules shared by every command group, so that a third-party plugin identifies and shows
 * entities exactly like the built-in groups.
 */
typedef struct impt_entities_v1 {
    impt_struct_header header;
    /**
     * Finds the one entity meant by `identifier` (an id, a name, a MAC address, an agent id, a
     * tag, a sha, an origin, or the `{account}{product}{device group}` form, depending on the
     * kind). With a NULL identifier the project file supplies the default (unless
     * `IMPT_RESOLVE_NO_PROJECT`). `*out` receives `{"id": ..., "ref": <identifier to show in
     * messages>, "data": <the resource>}`. Fails with `IMPT_ERR_NOT_FOUND`, `IMPT_ERR_AMBIGUOUS`
     * (the candidates are reported) or `IMPT_ERR_CONFIG`.
     */
    int32_t (*resolve)(impt_context *ctx, int32_t kind, const char *identifier, uint32_t flags,
                       impt_value **out);
    /** Like `resolve`, but stores the ids of every matching entity (possibly none) as an array of
     *  strings: how list filters use identifiers. */
    int32_t (*find)(impt_context *ctx, int32_t kind, const char *identifier, impt_value **out);
    /** Builds the display object `{"<Type>": {...}}` of a resource for a data set (an
     *  `impt_display_set`), fetching related entities as needed. */
    int32_t (*display)(impt_context *ctx, int32_t kind, int32_t data_set,
                       const impt_value *resource, impt_value **out);
    /** The display name of a kind ("Device Group"), static storage. */
    const char *(*type_name)(int32_t kind);
    /**
     * Runs a deletion: prints the summary and asks for confirmation unless `confirmed`, then
     * unassigns devices, unflags deployments, deletes entities, removes devices, deletes files and
     * the project file, reporting each step. `plan` is an object with any of the members
     * `"entities"` (array of `{"kind": n, "ref": "...", "data": resource}`), `"unassign_devices"`,
     * `"remove_devices"`, `"unflag_deployments"` (arrays of resources), `"files"` (array of
     * paths) and `"project_file"` (true). A device to unassign or remove may also be given as
     * `{"ref": "...", "data": resource}`, so that messages name it by `ref` instead of its id.
     * An entity may carry `"headers"` (array of `"Name: value"` lines sent with its DELETE) and
     * `"needs_password": true` for deletions impCentral guards with the account password (login
     * keys): the host sends `"password"` when given, else asks for it once, hidden, after the
     * confirmation, and sends it as `X-Electricimp-Password`.
     */
    int32_t (*delete_plan)(impt_context *ctx, const impt_value *plan, bool confirmed);
} impt_entities_v1;

/* ------------------------------------------------------------------------------------------ */
/* ABI 1.2 services                                                                           */
/*                                                                                            */
/* Each /2 table starts with every function of its /1 table, in the same order and with the   */
/* same meaning, and appends new ones. A host that offers /2 also offers /1 unchanged, so a    */
/* plugin asks for /2 and falls back to /1 when `get_service` returns NULL (an older host).    */
/* ------------------------------------------------------------------------------------------ */

#define IMPT_SERVICE_VALUES_V2 "impt.values/2"

/**
 * "impt.values/2": `impt_values_v1` plus scopes, so that a long-running handler keeps its memory
 * bounded. Every value handle, and every string borrowed from `get_string` or `key_at`, created
 * after `scope_begin` returned `mark` is released by `scope_end(ctx, mark)`; using such a handle
 * afterwards is treated as using a NULL handle (JSON null), never as memory corruption. Values
 * created before the mark are untouched, so to keep something from a scope, `set` or `append`
 * it (which copies) into a container created before `scope_begin`. Scopes nest: end inner ones
 * first; ending an outer scope ends the inner ones too. In /2, calling `get_string` or `key_at`
 * again on the same handle returns the same borrowed pointer instead of a new copy; a string
 * borrowed from a handle created before the mark therefore stays valid as long as that handle.
 * A released handle is never handed out again for another value.
 */
typedef struct impt_values_v2 {
    impt_struct_header header;
    impt_value *(*new_null)(impt_context *ctx);
    impt_value *(*new_bool)(impt_context *ctx, bool value);
    impt_value *(*new_integer)(impt_context *ctx, int64_t value);
    impt_value *(*new_number)(impt_context *ctx, double value);
    impt_value *(*new_string)(impt_context *ctx, const char *utf8);
    impt_value *(*new_array)(impt_context *ctx);
    impt_value *(*new_object)(impt_context *ctx);
    int32_t (*kind)(impt_context *ctx, const impt_value *value);
    bool (*get_bool)(impt_context *ctx, const impt_value *value);
    int32_t (*get_integer)(impt_context *ctx, const impt_value *value, int64_t *out);
    double (*get_number)(impt_context *ctx, const impt_value *value);
    const char *(*get_string)(impt_context *ctx, const impt_value *value);
    size_t (*count)(impt_context *ctx, const impt_value *value);
    const char *(*key_at)(impt_context *ctx, const impt_value *object, size_t index);
    impt_value *(*member)(impt_context *ctx, const impt_value *object, const char *key);
    impt_value *(*element)(impt_context *ctx, const impt_value *container, size_t index);
    impt_value *(*lookup)(impt_context *ctx, const impt_value *value, const char *path);
    int32_t (*set)(impt_context *ctx, impt_value *object, const char *key, const impt_value *member);
    int32_t (*remove)(impt_context *ctx, impt_value *object, const char *key);
    int32_t (*append)(impt_context *ctx, impt_value *array, const impt_value *element);
    int32_t (*parse)(impt_context *ctx, const char *json, impt_value **out);
    char *(*serialize)(impt_context *ctx, const impt_value *value, bool pretty);

    /** Opens a scope and returns its mark (1.2). */
    uint64_t (*scope_begin)(impt_context *ctx);
    /** Releases everything created since `mark` was returned (1.2). An unknown or already ended
     *  mark is ignored. */
    void (*scope_end)(impt_context *ctx, uint64_t mark);
} impt_values_v2;

#define IMPT_SERVICE_OUTPUT_V2 "impt.output/2"

/**
 * "impt.output/2": `impt_output_v1` plus what long-running commands need. The host buffers its
 * output and writes it when the handler returns, before it waits for input or the network, and
 * when `flush` is called. A plugin that writes to stdout itself (printf) calls `flush` before it
 * writes and `fflush(stdout)` after; the host also flushes the C library's stdout buffer before it
 * writes, so such output never lands after the status line. If a handler ends the process with
 * exit(), the host still writes what it buffered and the status line for the exit status (0:
 * success), and the process keeps that status.
 */
typedef struct impt_output_v2 {
    impt_struct_header header;
    int32_t (*mode)(impt_context *ctx);
    void (*info)(impt_context *ctx, const char *text);
    void (*result)(impt_context *ctx, const impt_value *value);
    void (*info_result)(impt_context *ctx, const impt_value *value);
    void (*error_line)(impt_context *ctx, const char *text);
    void (*status_line)(impt_context *ctx, bool success);

    /** Writes everything buffered to standard output now (1.2). */
    void (*flush)(impt_context *ctx);
    /**
     * Shows `text` (one line, e.g. "Restarting Devices: 37/200") as the progress line: drawn at a
     * terminal in the default output mode only, redrawn in place on each call, erased before any
     * other output and when the handler returns; never shown in the minimal, json or debug modes
     * or when standard output is not a terminal. NULL or "" erases it (1.2).
     */
    void (*progress)(impt_context *ctx, const char *text);
    /**
     * Prints one result of a sequence (a log entry, one device's outcome) and flushes it at once:
     * in json mode as one compact JSON document on its own line (JSON Lines), in the text modes
     * rendered like `result` (a string value is printed as a line). A command that printed items
     * gets no `{}` in json mode (1.2).
     */
    void (*result_item)(impt_context *ctx, const impt_value *value);
} impt_output_v2;

#define IMPT_SERVICE_CONFIG_V2 "impt.config/2"

/** Where `impt_config_v2` keeps a plugin's settings (the group is the running plugin's). A file
 *  that is not a regular file of at most 1 MiB, or whose settings are not an object, fails with
 *  `IMPT_ERR_CONFIG`. */
typedef enum impt_settings_scope {
    /** In the project file of the current directory, under `"pluginSettings": {"<group>": ...}`;
     *  `IMPT_ERR_NOT_FOUND` when there is no project file. */
    IMPT_SETTINGS_PROJECT = 1,
    /** In the user's file `$XDG_CONFIG_HOME/impt/plugins/<group>.json` (default
     *  `~/.config/impt/plugins/<group>.json`). */
    IMPT_SETTINGS_USER = 2
} impt_settings_scope;

/**
 * "impt.config/2": `impt_config_v1` plus per-plugin settings. In /1 and /2 alike,
 * `project_load` returns every key of the project file in file order, and `project_save` writes
 * the given object's members over the file's current content: keys the object does not mention
 * are kept unchanged and in place, a member whose value is JSON null removes its key, and new
 * keys are appended. The file is replaced atomically.
 */
typedef struct impt_config_v2 {
    impt_struct_header header;
    int32_t (*project_load)(impt_context *ctx, impt_value **out);
    int32_t (*project_save)(impt_context *ctx, const impt_value *project);
    int32_t (*project_delete)(impt_context *ctx);
    bool (*auth_file_exists)(impt_context *ctx, bool local);
    int32_t (*auth_file_delete)(impt_context *ctx, bool local);

    /** Stores the running plugin's settings object for `scope` (an `impt_settings_scope`) in
     *  `*out`: an empty object when none are saved yet (1.2). */
    int32_t (*settings_load)(impt_context *ctx, int32_t scope, impt_value **out);
    /** Replaces the running plugin's settings object for `scope` (1.2). */
    int32_t (*settings_save)(impt_context *ctx, int32_t scope, const impt_value *settings);
} impt_config_v2;

#define IMPT_SERVICE_API_V2 "impt.api/2"

/** Default and largest number of requests `impt_api_v2.bulk` keeps in flight. */
#define IMPT_BULK_DEFAULT_CONCURRENCY 5
#define IMPT_BULK_MAX_CONCURRENCY 32

/**
 * Called by `impt_api_v2.bulk` on the handler's thread each time a request is finished for good
 * (after any retries), in completion order, with the request's index and its result object
 * (borrowed for the duration of the call: the same handle carries the next item's result, so
 * copy what must be kept; see `impt_api_v2.bulk`). Returning `IMPT_OK` lets the batch go on; any
 * other status stops it as Ctrl-C does, and `bulk` returns that status (record the reason with
 * `impt_host.fail` first).
 */
typedef int32_t (*impt_bulk_item_fn)(impt_context *ctx, void *user_data, size_t index,
                                     const impt_value *result);

/** Parameters of `impt_api_v2.bulk`; all fields may be zero. */
typedef struct impt_bulk_options {
    impt_struct_header header;
    /** Requests in flight at once: 0 for `IMPT_BULK_DEFAULT_CONCURRENCY`; values above
     *  `IMPT_BULK_MAX_CONCURRENCY` are lowered to it. */
    uint32_t concurrency;
    /** Per-item callback, or NULL. */
    impt_bulk_item_fn on_item;
    /** Passed to `on_item`. */
    void *user_data;
    /** Text of the progress line shown while the batch runs (impt.output/2 rules), followed by
     *  ` <done>/<total>`; NULL for none. */
    const char *progress_label;
} impt_bulk_options;

/**
 * "impt.api/2": `impt_api_v1` plus bulk requests.
 */
typedef struct impt_api_v2 {
    impt_struct_header header;
    int32_t (*request)(impt_context *ctx, const char *method, const char *path,
                       const impt_value *query, const impt_value *body,
                       const char *const *headers, impt_value **out);
    int32_t (*list)(impt_context *ctx, const char *path, const impt_value *query, impt_value **out);
    int32_t (*request_many)(impt_context *ctx, const impt_value *requests, impt_value **out);
    int32_t (*account_id)(impt_context *ctx, impt_value **out);
    int32_t (*login)(impt_context *ctx, const impt_login_request *request);
    int32_t (*auth_info)(impt_context *ctx, impt_value **out);

    /**
     * Sends many independent requests concurrently (1.2). `requests` is an array of objects
     * `{"method", "path", "query"?, "body"?, "headers"?: [..]}` as for `request_many`. Each
     * request is retried on its own: after a 429 it waits as the rate-limit headers say (the other
     * requests keep going, and no new one starts while the server asks to wait), after a 401 the
     * token is renewed once and the request sent again; a transport error fails only that item.
     * `*out` receives an array, in request order, of
     * `{"status": <impt_status>, "http_status": <n>, "message": "<first error line or empty>",
     *   "body": <parsed body of a successful response, else null>}`, where `http_status` is the
     * real status of the final response (201, 204, 404, ...) or 0 when none arrived. Ctrl-C
     * (SIGINT) while the batch runs stops new requests from starting, lets those in flight
     * finish, and returns `IMPT_ERR_INTERRUPTED` (recorded as the failure); requests not finished
     * then (never sent, or waiting to be sent again after a 429 or 401) have status
     * `IMPT_ERR_INTERRUPTED` and http_status 0, and `*out` is filled all the same. When the
     * command's network deadline or its total wait for rate limits is used up (see the User
     * Guide, "Limits"), the requests not sent yet fail with that error and the batch ends.
     * Returns `IMPT_OK` when every request was attempted, whatever their outcomes; another status
     * (with `*out` NULL) when none could be attempted (not logged in, bad arguments).
     */
    int32_t (*bulk)(impt_context *ctx, const impt_value *requests, const impt_bulk_options *options,
                    impt_value **out);
} impt_api_v2;

/* ------------------------------------------------------------------------------------------ */
/* Service "impt.stream/1": event streams (ABI 1.2)                                           */
/* ------------------------------------------------------------------------------------------ */

#define IMPT_SERVICE_STREAM_V1 "impt.stream/1"

/** Idle timeout used when `impt_stream_options.idle_timeout_ms` is 0 (the `IMPT_STREAM_IDLE_TIMEOUT`
 *  environment variable, in seconds, changes it), and the bounds any value is moved into. */
#define IMPT_STREAM_DEFAULT_IDLE_TIMEOUT_MS 45000u
#define IMPT_STREAM_MIN_IDLE_TIMEOUT_MS 1000u
#define IMPT_STREAM_MAX_IDLE_TIMEOUT_MS 3600000u
/** Largest event accepted (its data lines together), and largest single line: 1 MiB. */
#define IMPT_STREAM_MAX_EVENT_BYTES (1024u * 1024u)
/** Shortest interval between `on_tick` calls. */
#define IMPT_STREAM_MIN_TICK_MS 10u
/** Longest wait of `impt_stream_v1.sleep`. */
#define IMPT_STREAM_MAX_SLEEP_MS 600000u

/** `impt_stream_options.flags`. */
enum {
    /** Send the bearer token of the auth context (renewed first if needed). Without it the
     *  request carries no credentials, as impCentral's log stream GET expects. */
    IMPT_STREAM_AUTHORIZED = 1u << 0,
    /** Also wait for `watch_fd` to become readable and then call `on_fd`. */
    IMPT_STREAM_WATCH_FD = 1u << 1
};

/** One Server-Sent Event, borrowed for the duration of `on_event`. */
typedef struct impt_stream_event {
    impt_struct_header header;
    /** The `event:` field, or "message" when the event has none. */
    const char *name;
    /** The `data:` lines joined with "\n" (no final line feed), NUL-terminated. */
    const char *data;
    /** Bytes of `data` before its terminating NUL (the data may itself hold NUL bytes). */
    size_t data_length;
    /** The event's `id:` field, or NULL when it has none. */
    const char *id;
} impt_stream_event;

/**
 * How `impt_stream_v1.open` runs a stream. All fields may be zero except `on_event`. A callback
 * runs on the handler's thread and may call any service, requests included (the stream is not
 * read meanwhile; impCentral is held back, nothing is lost). A callback that returns anything but
 * `IMPT_OK` ends the stream, and `open` returns that status (record the reason with
 * `impt_host.fail` first, or use a status of your own to tell why you stopped).
 */
typedef struct impt_stream_options {
    impt_struct_header header;
    /** `IMPT_STREAM_*` flags. */
    uint32_t flags;
    /** The stream ends with `IMPT_ERR_NETWORK` when no byte at all (events or `:` comments, the
     *  usual keep-alives) arrives for this long, waiting for the response included. 0 for the
     *  default; moved into the bounds above. */
    uint32_t idle_timeout_ms;
    /** Interval of `on_tick` calls; 0 for none (values below `IMPT_STREAM_MIN_TICK_MS` are raised
     *  to it). The first call comes one interval after the stream starts. */
    uint32_t tick_interval_ms;
    /** With `IMPT_STREAM_WATCH_FD`: a file descriptor the stream also waits on (an inotify
     *  descriptor, a pipe). `on_fd` must read what is pending, or it is called again at once. */
    int32_t watch_fd;
    /** Passed to every callback. */
    void *user_data;
    /** Optional: the response's headers arrived with a 2xx status. */
    int32_t (*on_open)(impt_context *ctx, void *user_data, int32_t http_status);
    /** Each complete event, in order. */
    int32_t (*on_event)(impt_context *ctx, void *user_data, const impt_stream_event *event);
    /** Optional: every `tick_interval_ms`. */
    int32_t (*on_tick)(impt_context *ctx, void *user_data);
    /** Optional: `watch_fd` is readable. */
    int32_t (*on_fd)(impt_context *ctx, void *user_data, int32_t fd);
    /** Sent as the `Last-Event-ID` header, or NULL. */
    const char *last_event_id;
} impt_stream_options;

/**
 * "impt.stream/1": long-lived responses delivered piece by piece, and waits the user can cut
 * short with Ctrl-C. Neither counts against the command's network deadline
 * (`IMPT_NETWORK_DEADLINE`): a stream has no overall time limit, only the idle timeout, and each
 * stream that opens starts the deadline and the rate-limit budget of the requests made after it
 * afresh. Memory stays bounded however long a stream runs: the host keeps at most 256 KiB of
 * received bytes and one event of at most `IMPT_STREAM_MAX_EVENT_BYTES`; what the host buffered
 * for standard output is written before it waits for the next bytes.
 */
typedef struct impt_stream_v1 {
    impt_struct_header header;
    /**
     * Opens `GET <endpoint><path>` (`query` as for `impt_api_v1.request`) with
     * `Accept: text/event-stream` and runs it as Server-Sent Events until it ends:
     *
     *  - `IMPT_OK`: the server ended the response (after a 2xx status); an incomplete last event
     *    is dropped.
     *  - a callback's status: a callback returned it.
     *  - `IMPT_ERR_INTERRUPTED`: the user pressed Ctrl-C (SIGINT), which does not end the process
     *    while a stream runs; recorded as `Operation is interrupted.`.
     *  - `IMPT_ERR_API`: the answer had another status; its error document is recorded with the
     *    HTTP status (`impt_error_info.http_status`).
     *  - `IMPT_ERR_NETWORK`: no connection, the connection broke (before or after `on_open`), the
     *    idle timeout passed, or an event or line was larger than `IMPT_STREAM_MAX_EVENT_BYTES`;
     *    the message says which.
     *  - `IMPT_ERR_AUTH` / `IMPT_ERR_CONFIG`: no usable auth context (the endpoint comes from it).
     *
     * `retry:` fields are ignored (reconnecting is the caller's decision); lines starting with ':'
     * are comments. Line ends may be LF, CR or CRLF.
     */
    int32_t (*open)(impt_context *ctx, const char *path, const impt_value *query,
                    const impt_stream_options *options);
    /**
     * Waits `milliseconds` (at most `IMPT_STREAM_MAX_SLEEP_MS`), e.g. before reconnecting.
     * Returns `IMPT_OK`, or `IMPT_ERR_INTERRUPTED` (recorded as for `open`) as soon as the user
     * presses Ctrl-C.
     */
    int32_t (*sleep)(impt_context *ctx, uint32_t milliseconds);
} impt_stream_v1;

/* ------------------------------------------------------------------------------------------ */
/* Service "impt.args/1": the arguments of a 1.3 handler (ABI 1.3)                             */
/* ------------------------------------------------------------------------------------------ */

#define IMPT_SERVICE_ARGS_V1 "impt.args/1"

/**
 * Reads the parsed arguments a `run` handler receives, by long option name. Each accessor serves
 * one option type and fills `*out` with what the positional form would pass:
 *
 *  - `string` (IMPT_OPTION_STRING): the value, or NULL when absent without default;
 *  - `list` (IMPT_OPTION_STRING_LIST): every value in order, NULL-terminated, never NULL itself;
 *    `*count` (when not NULL) receives their number;
 *  - `flag` (IMPT_OPTION_FLAG): whether it was given;
 *  - `tristate` (IMPT_OPTION_BOOL): 1, 0 or `IMPT_BOOL_UNSET`;
 *  - `integer` (IMPT_OPTION_INT): the number or `IMPT_INT_UNSET`;
 *  - `number` (IMPT_OPTION_NUMBER): the number or NaN.
 *
 * Everything handed out is borrowed until `run` returns. An accessor returns `IMPT_OK`, or
 * `IMPT_ERR_INVALID_ARGUMENT` with a message recorded (and `*out` set to the absent value above:
 * NULL, false, `IMPT_BOOL_UNSET`, `IMPT_INT_UNSET` or NaN, a list NULL with a count of 0) when the
 * command has no such option or declares it with another type: a plugin bug reported clearly
 * instead of a crash.
 */
typedef struct impt_args_v1 {
    impt_struct_header header;
    int32_t (*string)(impt_context *ctx, const impt_arguments *args, const char *name, const char **out);
    int32_t (*list)(impt_context *ctx, const impt_arguments *args, const char *name, const char *const **out,
                    size_t *count);
    int32_t (*flag)(impt_context *ctx, const impt_arguments *args, const char *name, bool *out);
    int32_t (*tristate)(impt_context *ctx, const impt_arguments *args, const char *name, int32_t *out);
    int32_t (*integer)(impt_context *ctx, const impt_arguments *args, const char *name, int64_t *out);
    int32_t (*number)(impt_context *ctx, const impt_arguments *args, const char *name, double *out);
    /** Whether the option was given on the command line (a default or the project file's value
     *  does not count); false for a name the command does not declare. */
    bool (*given)(impt_context *ctx, const impt_arguments *args, const char *name);
    /** The name of the command being run (its `impt_command.name`), for a plugin that serves
     *  several commands with one `run` function. Static storage. */
    const char *(*command)(impt_context *ctx, const impt_arguments *args);
} impt_args_v1;

/* ------------------------------------------------------------------------------------------ */
/* Service "impt.output/3": impt.output/2 and standard error (ABI 1.3)                         */
/* ------------------------------------------------------------------------------------------ */

#define IMPT_SERVICE_OUTPUT_V3 "impt.output/3"

/**
 * "impt.output/3": every member of `impt_output_v2`, in order, and a way to write to the run's
 * standard error. A plugin writes there through the host rather than to file descriptor 2, so
 * that the text goes where the run's standard error is (a program that runs impt commands in its
 * own process gives each run its own) and lands in order with standard output.
 */
typedef struct impt_output_v3 {
    impt_struct_header header;
    int32_t (*mode)(impt_context *ctx);
    void (*info)(impt_context *ctx, const char *text);
    void (*result)(impt_context *ctx, const impt_value *value);
    void (*info_result)(impt_context *ctx, const impt_value *value);
    void (*error_line)(impt_context *ctx, const char *text);
    void (*status_line)(impt_context *ctx, bool success);
    void (*flush)(impt_context *ctx);
    void (*progress)(impt_context *ctx, const char *text);
    void (*result_item)(impt_context *ctx, const impt_value *value);

    /** Writes what is buffered for standard output, then `text` as given (control characters
     *  other than line feeds and tabs made visible) to standard error (1.3). NULL is ignored. */
    void (*error_text)(impt_context *ctx, const char *text);
} impt_output_v3;

#ifdef __cplusplus
}
#endif

#include "impt_plugin_layout.h"

#endif /* IMPT_PLUGIN_H */
