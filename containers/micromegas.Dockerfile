# micrOMEGAs 6.0 (with its CalcHEP and LanHEP) built from the official release archive, for
# alpseesaw's container runner (`alpseesaw ... --runner container --image TAG`).
#
# The source: MICROMEGAS_SOURCE names a path inside the build context, either the release
# archive micromegas_6.0.tgz as downloaded from the micrOMEGAs home page at LAPTh
# (https://lapth.cnrs.fr/micromegas/ -> download micrOMEGAs 6.0), or a clean unpacked tree of it.
# The build itself needs no network once the base images are present:
#
#   alpseesaw image build --source micromegas_6.0.tgz --tag alpseesaw/micromegas:6.0
#
# (that command makes the build context: this file plus the archive or tree), or by hand
#
#   cp micromegas_6.0.tgz containers/ && docker build -f containers/micromegas.Dockerfile \
#       -t alpseesaw/micromegas:6.0 containers/
#
# Two stages:
#   build    BUILD_BASE with a C/Fortran toolchain and the X11 headers (installed from the
#            network when the base lacks them); `make` in the root builds CalcHEP and
#            lib/micromegas.a, `make` in Packages/LanHEP builds lhep (a prebuilt lhep that some
#            snapshots carry is removed first, so the binary always comes from the sources).
#   final    BASE plus what *running* needs, measured on micrOMEGAs 6.0 / Debian 12:
#              - first point of a project (micrOMEGAs generates and compiles its matrix
#                elements into work/so_generated): gcc and libc6-dev (headers, crt files),
#                libX11.so.6 (s_calchep links it); make is not used;
#              - building a generated project (`make MICROMEGAS_DIR=/opt/micromegas`): make,
#                and libx11-dev for `-lX11` at link time (the link needs libX11.so);
#              - gfortran, g++ and the micrOMEGAs sources are needed by neither, and are left out.
#            So: gcc libc6-dev make libx11-dev, and the compiled micrOMEGAs without its sources,
#            object files, examples and manual. The packages come from the build stage's apt
#            cache (a local file: repository, no network) when it holds them, else from the
#            network. The stage is then flattened into one layer (FROM scratch) so that the
#            copied .deb files leave no trace in the image.
#   Runs as the non-root user alpseesaw (uid 1000); alpseesaw's runner also passes a non-root
#   --user of its own. micrOMEGAs is read-only at run time: projects build and run outside it.
#
# Base images: the defaults are Debian's official images (pulled from a registry). Without
# registry access, make local ones (e.g. with debootstrap) and pass them:
#   alpseesaw image build --source ... --build-base local/debian-build:bookworm \
#       --base local/debian:bookworm --tag ...
# The final base must be the same Debian release as the build base (the packages are copied).

ARG BUILD_BASE=debian:bookworm
ARG BASE=debian:bookworm

# --------------------------------------------------------------------------- build
FROM ${BUILD_BASE} AS build
RUN set -eu; \
    if ! command -v gcc >/dev/null || ! command -v gfortran >/dev/null \
       || ! command -v make >/dev/null || [ ! -e /usr/include/X11/Xlib.h ] \
       || ! command -v dpkg-scanpackages >/dev/null; then \
      apt-get update -q && apt-get install -y -q --no-install-recommends \
        build-essential gfortran libx11-dev dpkg-dev; \
    fi
ARG MICROMEGAS_SOURCE=micromegas_6.0.tgz
ARG MICROMEGAS_VERSION=6.0
COPY ${MICROMEGAS_SOURCE} /tmp/micromegas-source
RUN set -eu; \
    if [ -f /tmp/micromegas-source ]; then \
      mkdir /tmp/unpacked; tar -xzf /tmp/micromegas-source -C /tmp/unpacked; \
      top=$(find /tmp/unpacked -maxdepth 2 -name newProject -type f | head -n 1); \
      [ -n "$top" ] || { echo "no micrOMEGAs tree (newProject) in the archive" >&2; exit 1; }; \
      mv "$(dirname "$top")" /opt/micromegas; \
    else \
      [ -f /tmp/micromegas-source/newProject ] \
        || { echo "MICROMEGAS_SOURCE is neither an archive nor a micrOMEGAs tree" >&2; exit 1; }; \
      mv /tmp/micromegas-source /opt/micromegas; \
    fi; \
    rm -rf /tmp/unpacked /tmp/micromegas-source; \
    grep -q "^micromegas_${MICROMEGAS_VERSION} was tested" /opt/micromegas/README \
      || { echo "the source is not micrOMEGAs ${MICROMEGAS_VERSION} (README); set MICROMEGAS_VERSION" >&2; exit 1; }
WORKDIR /opt/micromegas
# Not in parallel: CalcHEP's Makefiles add members to shared archives and race under -j.
RUN make >/tmp/micromegas-make.log 2>&1 || { tail -n 60 /tmp/micromegas-make.log; exit 1; }
RUN rm -f Packages/LanHEP/lhep Packages/LanHEP/*.o \
    && { make -C Packages/LanHEP >/tmp/lanhep-make.log 2>&1 \
         || { tail -n 60 /tmp/lanhep-make.log; exit 1; }; }
# The request server of warm containers (see alpseesaw-serve.c): one small C program, no shell.
COPY alpseesaw-serve.c /tmp/alpseesaw-serve.c
RUN mkdir -p /staging/opt/alpseesaw/bin \
    && gcc -O2 -Wall -Wextra -Werror -o /staging/opt/alpseesaw/bin/alpseesaw-serve /tmp/alpseesaw-serve.c
# What the final stage takes of the tree: libraries, headers (micromegas.h includes some from
# CalcHEP's c_source), CalcHEP's programs, data, lhep and its mdl/ (lhep.rc and the library
# files lhep reads from the directory it was started from).
RUN set -eu; mkdir -p /staging/opt/micromegas/Packages/LanHEP /staging/opt/micromegas/CalcHEP_src; \
    cd /opt/micromegas; \
    cp -a README history include lib Data /staging/opt/micromegas/; \
    cp -a CalcHEP_src/FlagsForMake CalcHEP_src/FlagsForSh CalcHEP_src/bin CalcHEP_src/lib \
          CalcHEP_src/include CalcHEP_src/sbin CalcHEP_src/help CalcHEP_src/calchep.ini \
          /staging/opt/micromegas/CalcHEP_src/; \
    cp -a Packages/LanHEP/lhep Packages/LanHEP/mdl /staging/opt/micromegas/Packages/LanHEP/; \
    find CalcHEP_src/c_source sources -name '*.h' -exec cp --parents {} /staging/opt/micromegas/ \; ; \
    find /staging -name '*.o' -delete
# The runtime packages, as a local apt repository (empty when the base keeps no apt cache).
RUN set -eu; mkdir -p /staging/debs; \
    cp /var/cache/apt/archives/*.deb /staging/debs/ 2>/dev/null || true; \
    cd /staging/debs && dpkg-scanpackages . >Packages 2>/dev/null

# --------------------------------------------------------------------------- runtime (unflattened)
FROM ${BASE} AS runtime
COPY --from=build /staging/debs /tmp/debs
RUN set -eu; \
    if [ -n "$(ls /tmp/debs/*.deb 2>/dev/null)" ]; then \
      echo 'deb [trusted=yes] file:/tmp/debs ./' >/tmp/debs/local.list; \
      set -- -o Dir::Etc::SourceList=/tmp/debs/local.list -o Dir::Etc::SourceParts=/nonexistent; \
    else set --; fi; \
    apt-get "$@" -o Acquire::Languages=none update -q; \
    apt-get "$@" install -y -q --no-install-recommends gcc libc6-dev make libx11-dev; \
    apt-get clean; rm -rf /tmp/debs /var/lib/apt/lists/*; \
    useradd --uid 1000 --user-group --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin alpseesaw
COPY --from=build /staging/opt /opt

# --------------------------------------------------------------------------- final (one layer)
FROM scratch
ARG MICROMEGAS_VERSION=6.0
COPY --from=runtime / /
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    LANG=C.UTF-8 \
    MICROMEGAS_DIR=/opt/micromegas \
    LANHEP=/opt/micromegas/Packages/LanHEP/lhep
# alpseesaw reads these labels: where micrOMEGAs and lhep are inside the image.
LABEL org.opencontainers.image.title="micrOMEGAs ${MICROMEGAS_VERSION} with CalcHEP and LanHEP, for alpseesaw" \
      org.opencontainers.image.source="containers/micromegas.Dockerfile" \
      io.alpseesaw.micromegas.dir="/opt/micromegas" \
      io.alpseesaw.micromegas.version="${MICROMEGAS_VERSION}" \
      io.alpseesaw.lanhep="/opt/micromegas/Packages/LanHEP/lhep" \
      io.alpseesaw.serve="/opt/alpseesaw/bin/alpseesaw-serve"
USER 1000:1000
WORKDIR /tmp
CMD ["/bin/echo", "micrOMEGAs is in /opt/micromegas (MICROMEGAS_DIR); run it through alpseesaw with --runner container"]
