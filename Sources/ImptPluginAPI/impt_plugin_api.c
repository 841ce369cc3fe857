/* The ABI target is header-only; this file makes the header compile as C on every build. */
#include "impt_plugin.h"
