#define VERSION "stub-1.0"
