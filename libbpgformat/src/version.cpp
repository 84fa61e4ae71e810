#include "bpgr/version.h"

extern "C" const char *bpgr_version(void) { return BPGR_VERSION_STRING; }
