#!/usr/bin/env bash
# Builds a base image for machines without a container registry: a tiny root filesystem unpacked
# from Debian packages (glibc, libstdc++ for ONNX Runtime, zlib, dash for pg_ctl) plus a jlink
# runtime from the local JDK, written as a `docker save` archive that Jib takes as `tar://` base.
#
#   deploy/images/offline-base.sh [--out FILE] [--jdk DIR]
#   ./mvnw -B -Pimages package -DskipTests -Dimage.base=tar://$PWD/target/offline-base.tar
#
# Needs: root or not (files are owned as in the tar headers written here), apt-get (Debian's
# archive or a local mirror), a JDK >= 21 with jmods (Temurin's has them). No registry, no daemon.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT="$ROOT/target/offline-base.tar"
JDK=""
while [ $# -gt 0 ]; do
  case "$1" in
    --out) OUT="$2"; shift 2 ;;
    --jdk) JDK="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[ -n "$JDK" ] || JDK=$("$ROOT/.mvn/find-jdk")
# Packages: the dynamic loader and C library for the JVM; libstdc++/libgcc for ONNX Runtime and the
# tokenizers' native library; zlib; dash because pg_ctl starts postgres through /bin/sh; libc-bin
# for the C.UTF-8 locale initdb needs.
PACKAGES=(libc6 libc-bin libgcc-s1 libstdc++6 zlib1g dash)
# Modules Spring Boot, Hibernate, Tomcat, JDBC, JMX metrics and the native libraries need.
MODULES=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,java.prefs,java.rmi,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.transaction.xa,java.xml,jdk.crypto.cryptoki,jdk.crypto.ec,jdk.httpserver,jdk.jfr,jdk.management,jdk.naming.dns,jdk.net,jdk.unsupported,jdk.zipfs
UID_GID=65532

work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"; mkdir -p "$rootfs" "$work/debs"

echo "==> Debian packages: ${PACKAGES[*]}"
(cd "$work/debs" && apt-get download "${PACKAGES[@]}" >/dev/null 2>"$work/apt.log") \
  || { cat "$work/apt.log" >&2; echo "apt-get download failed" >&2; exit 1; }
for deb in "$work"/debs/*.deb; do dpkg-deb -x "$deb" "$rootfs"; done
ln -sf dash "$rootfs/bin/sh"
# Debian 12 packages still ship /lib; a merged-/usr layout keeps later tools (and ldd-like lookups) simple.
mkdir -p "$rootfs/usr/lib"

echo "==> jlink runtime from $JDK"
"$JDK/bin/jlink" --add-modules "$MODULES" --strip-debug --no-man-pages --no-header-files \
  --compress=zip-6 --output "$rootfs/opt/java"

echo "==> users, writable mount points"
mkdir -p "$rootfs/etc" "$rootfs/data" "$rootfs/tmp" "$rootfs/dev" "$rootfs/proc"
cat >"$rootfs/etc/passwd" <<EOF
root:x:0:0:root:/root:/usr/sbin/nologin
lmaas:x:$UID_GID:$UID_GID:LMaaS:/data:/usr/sbin/nologin
EOF
cat >"$rootfs/etc/group" <<EOF
root:x:0:
lmaas:x:$UID_GID:
EOF
echo 'passwd: files
group: files
hosts: files dns' >"$rootfs/etc/nsswitch.conf"
echo '127.0.0.1 localhost' >"$rootfs/etc/hosts"
chmod 1777 "$rootfs/tmp"

echo "==> docker-archive $OUT"
img="$work/img"; mkdir -p "$img"
# Owner and group are set in the tar headers, so the archive is the same whoever runs this.
tar --sort=name --mtime='2000-01-01 00:00Z' --owner=0 --group=0 --numeric-owner \
  -C "$rootfs" -cf "$img/layer.tar" .
# /data belongs to the runtime user (a volume usually covers it; the chroot check does not need one).
tar --mtime='2000-01-01 00:00Z' --owner=$UID_GID --group=$UID_GID --numeric-owner \
  -C "$rootfs" -rf "$img/layer.tar" ./data
diff_id=$(sha256sum "$img/layer.tar" | cut -d' ' -f1)
config=$(cat <<EOF
{"architecture":"amd64","os":"linux","created":"2000-01-01T00:00:00Z",
 "config":{"Env":["PATH=/opt/java/bin:/usr/bin:/bin","JAVA_HOME=/opt/java","LANG=C.UTF-8"],"User":"$UID_GID:$UID_GID","WorkingDir":"/data"},
 "rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]},
 "history":[{"created":"2000-01-01T00:00:00Z","created_by":"deploy/images/offline-base.sh: ${PACKAGES[*]} + jlink"}]}
EOF
)
printf '%s' "$config" | tr -d '\n' >"$img/config.json"
config_id=$(sha256sum "$img/config.json" | cut -d' ' -f1)
mv "$img/config.json" "$img/$config_id.json"
printf '[{"Config":"%s.json","RepoTags":["lmaas/offline-base:latest"],"Layers":["layer.tar"]}]' "$config_id" >"$img/manifest.json"
mkdir -p "$(dirname "$OUT")"
tar -C "$img" -cf "$OUT" manifest.json "$config_id.json" layer.tar
echo "==> $(du -h "$OUT" | cut -f1) $OUT (java $("$rootfs/opt/java/bin/java" -version 2>&1 | head -1 | cut -d'"' -f2))"
echo "    build the images on it: ./mvnw -B -Pimages package -DskipTests -Dimage.base=tar://$OUT"
