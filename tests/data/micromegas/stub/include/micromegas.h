/* A stand-in for the parts of micrOMEGAs' API that alpseesaw's main.c uses (tests only).
   Behaviour is chosen at run time by the environment variable STUB_MODE (see stub.c). */
#ifndef STUB_MICROMEGAS_H
#define STUB_MICROMEGAS_H
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The fields of CalcHEP's interface that main.c touches, and a numout that points to one. */
typedef struct {
  double *BWrange;
  int *twidth, *gtwidth, *gswidth;
} CalcHEP_interface;
typedef struct numout { int index; CalcHEP_interface *interface; } numout;
typedef struct { int err; double weight; int nin; char *prtcl[10]; } aChannel;
typedef struct txtListStr { struct txtListStr *next; char *txt; } txtListStr;
typedef txtListStr *txtList;
extern int VWdecay, VZdecay;
void cleanDecayTable(void);
double pWidth(char *name, txtList *L);

extern double Mcdm;
extern int Ncdm;
extern char **CDM;
extern double *McdmN;
extern aChannel *omegaCh;
extern aChannel *vSigmaTCh;
extern double GGscale;

int assignVal(const char *name, double val);
int findVal(char *name, double *val);
int slhaRead(char *fname, int mode);
int slhaValExists(char *block, int nKey, ...);
double slhaVal(char *block, double Q, int nKey, ...);
int sortOddParticles(char *name);
double darkOmega(double *Xf, int fast, double Beps, int *err);
double darkOmegaTR(double TR, double YR, int fast, double Beps, int *err);
double Yeq(double T);
double YF(double T);
double printChannels(double Xf, double cut, double Beps, int prcnt, FILE *f);
numout *newProcess(char *process);
int procInfo1(numout *cc, int *nsub, int *nin, int *nout);
double calcSpectrum(int key, double *Sg, double *Se, double *Sp, double *Sne, double *Snu,
                    double *Snl, int *err);
double pMass(char *name);
double cs22(numout *cc, int nsub, double P, double cos1, double cos2, int *err);
double vSigmaA(double T, int fast, double Beps);
double vSigmaCC(double T, numout *cc, int mode);
double alphaQCD(double Q);
#endif
