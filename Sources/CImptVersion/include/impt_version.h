#ifndef IMPT_VERSION_H
#define IMPT_VERSION_H

/**
 * impt's version: the one place it is set. `impt --version` prints it, the core plugins report it,
 * and tools/package.sh gives it to every package it makes.
 */
#define IMPT_VERSION "3.0.0"

/** IMPT_VERSION, for Swift. */
const char *impt_version(void);

#endif
