#!/usr/bin/env bash
# Builds and installs the vendored pgvector (../shared/vendor/pgvector-0.8.6.tar.gz) into the PostgreSQL
# installation `pg_config` names, so that `CREATE EXTENSION vector` works on its servers. CI runs it before the
# tests (for erp-migrate's `pgvector enable` and the recall tests on pgvector storage); users do not need it:
# pgvector is optional, and PostgreSQL packages usually ship it.
#
# Idempotent: does nothing when vector.control is already in `$(pg_config --sharedir)/extension`.
# Needs root for `make install` (and, when pg_config is missing, to apt-get postgresql-server-dev-15, which
# must be installed before any PostgreSQL server starts: apt may upgrade postgresql-15 with it).
# Environment: PGVECTOR_TARBALL overrides the tarball's path.
set -euo pipefail
cd "$(dirname "$0")/.."

version=0.8.6
tarball="${PGVECTOR_TARBALL:-../shared/vendor/pgvector-$version.tar.gz}"

if ! command -v pg_config >/dev/null 2>&1 || ! [ -f "$(pg_config --pgxs 2>/dev/null)" ]; then
    echo "pg_config or PGXS not found; installing postgresql-server-dev-15" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-server-dev-15 >/dev/null
fi

extdir="$(pg_config --sharedir)/extension"
if [ -f "$extdir/vector.control" ]; then
    echo "pgvector already installed ($extdir/vector.control)"
    exit 0
fi

# The headers must belong to the server that will load the library.
server_bin="$(pg_config --bindir)"
if [ -x "$server_bin/postgres" ]; then
    server_version="$("$server_bin/postgres" --version | awk '{print $3}')"
    headers_version="$(pg_config --version | awk '{print $2}')"
    if [ "$server_version" != "$headers_version" ]; then
        echo "pg_config is PostgreSQL $headers_version but $server_bin/postgres is $server_version" >&2
        exit 1
    fi
fi

if [ ! -f "$tarball" ]; then
    echo "pgvector source not found at $tarball" >&2
    exit 1
fi

mkdir -p target/vendor
tar xzf "$tarball" -C target/vendor
# OPTFLAGS="" avoids -march=native, so the library runs on any x86-64 machine.
make -s -C "target/vendor/pgvector-$version" OPTFLAGS=""
make -s -C "target/vendor/pgvector-$version" OPTFLAGS="" install
echo "pgvector $version installed into $extdir"
