/* Stand-in implementation of the micrOMEGAs calls used by main.c (tests only).
 * STUB_MODE: ok (default), chatter, negative_omega, nan_omega, sort_error, other_dm,
 *            crash, exit, no_process, nonfinite_sigmav, cancelled (CalcHEP's err = 1 of the
 *            second process: its squared diagrams cancel within round-off), zero_width_pole
 *            (err = 2 of the second process), no_equilibrium (darkOmega: NaN, error 64; then
 *            darkOmegaTR gives 2/Mchi and Y/Yeq = x^2, so x_f = sqrt(2.5)),
 *            no_equilibrium_tr_fails (darkOmegaTR fails too, error 128).
 * Model: independent variables Mchi Ma fa Cgg Cmm; derived public variable alfE;
 * sigma v(final state k) = (k+1) * Mchi pb, Omega h^2 = 1/Mchi, x_f = 20 + Ma/Mchi;
 * sigma(k, P) = (k+1) * P pb (cs22; err = 5 unless the library is set up as darkOmega's:
 * BWrange 2.7, no t-channel or gauge-invariant widths); vSigmaA(T) = Mchi * T pb, 3/4 of it
 * A A, 1/4 m M (vSigmaTCh); vSigmaCC(T, k) = (k+1) * T pb; alpha_s(Q) = 1 / Q;
 * pWidth(a) = Ma / 1000 (+ 1 GeV after cleanDecayTable with VWdecay = VZdecay = 0),
 * branchings 0.9 m,M and 0.1 A,A. */
#include <limits.h>
#include <signal.h>
#include "micromegas.h"
#include "micromegas_aux.h"

char *WORK = "/nonexistent/work";
double Mcdm = 0;
int Ncdm = 1;
static char *cdm_names[2] = {NULL, "~chi"};
static double cdm_masses[2] = {0, 0};
char **CDM = cdm_names;
double *McdmN = cdm_masses;
aChannel *omegaCh = NULL;
aChannel *vSigmaTCh = NULL;
double GGscale = 0;


static struct numout processes[16];
static CalcHEP_interface interfaces[16];
static double bw[16];
static int tw[16], gtw[16], gsw[16];
static int n_processes = 0;

static const char *names[] = {"Mchi", "Ma", "fa", "Cgg", "Cmm", "Q", NULL};
static double values[] = {1000, 1100, 1e4, 1, 0.1, 100};

static const char *mode(void) { const char *m = getenv("STUB_MODE"); return m ? m : "ok"; }
static int is(const char *m) { return strcmp(mode(), m) == 0; }

int calcMainFunc(void) { return 0; }

int assignVal(const char *name, double val) {
  for (int i = 0; names[i]; i++)
    if (strcmp(names[i], name) == 0) { values[i] = val; return 0; }
  return 1;
}

int findVal(char *name, double *val) {
  if (strcmp(name, "alfE") == 0) { *val = 0.0078; return 0; }
  for (int i = 0; names[i]; i++)
    if (strcmp(names[i], name) == 0) { *val = values[i]; return 0; }
  return 1;
}

/* SLHAplus: the stub reads no SLHA file (the toy project has no SLHA slots) */
int slhaRead(char *fname, int mode) { (void)fname; (void)mode; return -1; }
int slhaValExists(char *block, int nKey, ...) { (void)block; (void)nKey; return 0; }
double slhaVal(char *block, double Q, int nKey, ...) { (void)block; (void)Q; (void)nKey; return 0; }

int sortOddParticles(char *name) {
  if (is("chatter")) { printf("chatter on stdout from the library\n"); fflush(stdout); }
  if (is("sort_error")) { strcpy(name, "Mchi"); return 3; }
  if (is("other_dm")) cdm_names[1] = "~psi";
  strcpy(name, cdm_names[1]);
  Mcdm = cdm_masses[1] = values[0];
  return 0;
}

double darkOmega(double *Xf, int fast, double Beps, int *err) {
  (void)fast; (void)Beps;
  *err = 0;
  *Xf = 20 + values[1] / values[0];
  if (is("crash")) raise(SIGSEGV);
  if (is("exit")) exit(0);
  if (is("negative_omega")) return -1;
  if (is("nan_omega")) { *err = 128; return NAN; }
  if (is("no_equilibrium") || is("no_equilibrium_tr_fails")) { *Xf = 0; *err = 64; return NAN; }
  if (is("chatter")) system("echo chatter from a child process");
  return 1 / values[0];
}

double darkOmegaTR(double TR, double YR, int fast, double Beps, int *err) {
  (void)fast; (void)Beps;
  *err = 0;
  if (fabs(TR - values[0]) > 1e-12 * values[0] || YR != Yeq(TR)) { *err = 1; return NAN; }
  /* the real one loops from an uninitialised index up to Ncdm: main must make Ncdm INT_MIN */
  if (Ncdm != INT_MIN) { *err = 2; return NAN; }
  if (is("no_equilibrium_tr_fails")) { *err = 128; return NAN; }
  return 2 / values[0];
}

double Yeq(double T) { return exp(-Mcdm / T); }
double YF(double T) { double x = Mcdm / T; return x * x * Yeq(T); }

static aChannel channels[5];
double printChannels(double Xf, double cut, double Beps, int prcnt, FILE *f) {
  (void)Xf; (void)cut; (void)Beps; (void)prcnt; (void)f;
  channels[0] = (aChannel){0, 0.75, 2, {"~chi", "~Chi", "A", "A"}};
  channels[1] = (aChannel){0, 0.25, 2, {"~chi", "~Chi", "m", "M"}};
  channels[2] = (aChannel){0, 0, 0, {NULL}};
  if (is("small_channels")) { /* one above and one below a cut of 1e-4 */
    channels[0].weight = 0.75 - 5.5e-4;
    channels[2] = (aChannel){0, 5e-4, 2, {"~chi", "~Chi", "a", "a"}};
    channels[3] = (aChannel){0, 5e-5, 2, {"~chi", "~Chi", "A", "a"}};
    channels[4] = (aChannel){0, 0, 0, {NULL}};
  }
  omegaCh = channels;
  return 1;
}

numout *newProcess(char *process) {
  if (is("no_process") || n_processes >= 16) return NULL;
  {
    int k = n_processes;
    bw[k] = 27, tw[k] = 1, gtw[k] = 1, gsw[k] = 1; /* not darkOmega's settings */
    interfaces[k] = (CalcHEP_interface){&bw[k], &tw[k], &gtw[k], &gsw[k]};
    processes[k] = (numout){k, &interfaces[k]};
  }
  return &processes[n_processes++];
}

int procInfo1(numout *cc, int *nsub, int *nin, int *nout) {
  (void)cc; /* each pointer may be NULL, as in CalcHEP's kin4.c */
  if (nsub) *nsub = 1;
  if (nin) *nin = 2;
  if (nout) *nout = 2;
  return 0;
}

double vcs22(numout *cc, int nsub, int *err) {
  (void)nsub; *err = 0;
  if (is("nonfinite_sigmav")) return INFINITY;
  if (cc->index == 1 && is("cancelled")) { *err = 1; return 0; }
  if (cc->index == 1 && is("zero_width_pole")) { *err = 2; return 1e30; }
  if (is("q_scale")) return (cc->index + 1) * values[5]; /* the QCD scale Q it was called at */
  return (cc->index + 1) * values[0];
}

static int like_dark_omega(numout *cc) {
  return *cc->interface->BWrange == 2.7 && !*cc->interface->twidth &&
         !*cc->interface->gtwidth && !*cc->interface->gswidth;
}

double cs22(numout *cc, int nsub, double P, double cos1, double cos2, int *err) {
  (void)nsub; (void)cos1; (void)cos2;
  *err = like_dark_omega(cc) ? 0 : 5;
  return (cc->index + 1) * P;
}

static aChannel tchannels[3];
double vSigmaA(double T, int fast, double Beps) {
  (void)fast; (void)Beps;
  tchannels[0] = (aChannel){0, 0.75, 2, {"~chi", "~Chi", "A", "A"}};
  tchannels[1] = (aChannel){0, 0.25, 2, {"~chi", "~Chi", "m", "M"}};
  tchannels[2] = (aChannel){0, 0, 0, {NULL}};
  vSigmaTCh = tchannels;
  return values[0] * T;
}

double vSigmaCC(double T, numout *cc, int mode) {
  if (mode || !like_dark_omega(cc)) return -1;
  return (cc->index + 1) * T;
}

double alphaQCD(double Q) { return 1 / Q; }

int VWdecay = 1, VZdecay = 1;
static int vv_cleaned = -1;
void cleanDecayTable(void) { vv_cleaned = VWdecay + VZdecay; }

double pWidth(char *name, txtList *L) {
  static txtListStr l2 = {NULL, "1.000000E-01  a -> A,A"}, l1 = {&l2, "9.000000E-01  a -> m,M"};
  if (strcmp(name, "a")) { if (L) *L = NULL; return 0; }
  if (L) *L = &l1;
  return values[1] / 1000 + (vv_cleaned == 0 ? 1 : 0);
}

double calcSpectrum(int key, double *Sg, double *Se, double *Sp, double *Sne, double *Snu,
                    double *Snl, int *err) {
  (void)key; (void)Sg; (void)Se; (void)Sp; (void)Sne; (void)Snu; (void)Snl;
  *err = 0;
  return 0.5 * values[0] * 2.99792458e-26;
}

double pMass(char *name) {
  if (strcmp(name, "~chi") == 0) return values[0];
  if (strcmp(name, "a") == 0) return values[1];
  return 0;
}
