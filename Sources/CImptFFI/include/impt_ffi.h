/* libffi wrapper: calls a plugin command handler whose parameter list is only known at run time. */
#ifndef IMPT_FFI_H
#define IMPT_FFI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "impt_plugin.h"

/** C type of one handler argument. */
typedef enum impt_ffi_kind {
    IMPT_FFI_POINTER = 1,
    IMPT_FFI_BOOL = 2,
    IMPT_FFI_INT32 = 3,
    IMPT_FFI_INT64 = 4,
    IMPT_FFI_DOUBLE = 5
} impt_ffi_kind;

/** One argument: its kind and its value. */
typedef struct impt_ffi_argument {
    int32_t kind;
    union {
        const void *pointer;
        bool boolean;
        int32_t int32;
        int64_t int64;
        double number;
    } value;
} impt_ffi_argument;

/**
 * Calls `handler(args[0], ..., args[count-1])`, which returns int32_t, and stores the result.
 * Returns 0, or -1 when libffi cannot prepare the call (the reason is written to `error`).
 */
int impt_ffi_invoke(impt_handler handler, const impt_ffi_argument *args, size_t count,
                    int32_t *result, char *error, size_t error_size);

#endif
