/* Stand-in (tests only). */
extern char *WORK;
double vcs22(numout *cc, int nsub, int *err);
