#include "impt_ffi.h"

#include <ffi.h>
#include <stdio.h>
#include <stdlib.h>

static ffi_type *type_of(int32_t kind) {
    switch (kind) {
    case IMPT_FFI_POINTER: return &ffi_type_pointer;
    case IMPT_FFI_BOOL: return &ffi_type_uint8;
    case IMPT_FFI_INT32: return &ffi_type_sint32;
    case IMPT_FFI_INT64: return &ffi_type_sint64;
    case IMPT_FFI_DOUBLE: return &ffi_type_double;
    default: return NULL;
    }
}

int impt_ffi_invoke(impt_handler handler, const impt_ffi_argument *args, size_t count,
                    int32_t *result, char *error, size_t error_size) {
    ffi_type **types = calloc(count ? count : 1, sizeof *types);
    void **values = calloc(count ? count : 1, sizeof *values);
    if (!types || !values) {
        free(types);
        free(values);
        snprintf(error, error_size, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < count; i++) {
        types[i] = type_of(args[i].kind);
        if (!types[i]) {
            free(types);
            free(values);
            snprintf(error, error_size, "argument %zu has unknown kind %d", i, (int)args[i].kind);
            return -1;
        }
        /* Every union member starts at the union's address. */
        values[i] = (void *)&args[i].value;
    }
    ffi_cif cif;
    ffi_status status = ffi_prep_cif(&cif, FFI_DEFAULT_ABI, (unsigned)count, &ffi_type_sint32, types);
    if (status != FFI_OK) {
        free(types);
        free(values);
        snprintf(error, error_size, "ffi_prep_cif failed (%d)", (int)status);
        return -1;
    }
    ffi_arg returned = 0; /* return values narrower than a register are widened to ffi_arg */
    ffi_call(&cif, FFI_FN(handler), &returned, values);
    *result = (int32_t)returned;
    free(types);
    free(values);
    return 0;
}
