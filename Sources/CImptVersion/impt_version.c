#include "impt_version.h"

const char *impt_version(void) { return IMPT_VERSION; }
