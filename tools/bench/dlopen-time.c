/*
 * Measures one dlopen of a plugin as the host performs it: the Swift runtime is already loaded
 * (as it is in impt), then the plugin is opened with RTLD_NOW | RTLD_LOCAL. Prints microseconds.
 *
 *   dlopen-time PLUGIN [LIBRARY_ALREADY_LOADED...]
 */
#include <dlfcn.h>
#include <stdio.h>
#include <time.h>

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: dlopen-time PLUGIN [PRELOADED...]\n");
        return 2;
    }
    for (int i = 2; i < argc; i++) {
        if (!dlopen(argv[i], RTLD_NOW | RTLD_GLOBAL)) {
            fprintf(stderr, "%s\n", dlerror());
            return 1;
        }
    }
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    void *plugin = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    clock_gettime(CLOCK_MONOTONIC, &end);
    if (!plugin) {
        fprintf(stderr, "%s\n", dlerror());
        return 1;
    }
    double micros = (end.tv_sec - start.tv_sec) * 1e6 + (end.tv_nsec - start.tv_nsec) / 1e3;
    printf("%.1f\n", micros);
    return 0;
}
