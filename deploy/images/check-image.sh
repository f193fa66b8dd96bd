#!/usr/bin/env bash
# Runs a Jib image tarball without a container runtime (none can start on machines without
# CAP_SYS_RESOURCE): unpacks its layers, then starts its entrypoint with its environment, user and
# working directory in a chroot inside a private mount namespace, with the root filesystem
# remounted READ-ONLY and empty writable directories for its volumes (/data, /tmp), and waits until
# its readiness probe answers 200. Prints the image size, the unpacked size and the time to ready.
#
#   deploy/images/check-image.sh IMAGE_TAR PORT [NAME=VALUE ...] [--keep] [--timeout S]
#   deploy/images/check-image.sh platform-api/target/jib-image.tar 18080 LMAAS_PORT=18080
#   deploy/images/check-image.sh inference-node/server/target/jib-image.tar 18081 LMAAS_NODE_PORT=18081
#
# Needs root (chroot, mount namespaces), jq, curl. Exits non-zero when the probe never answers.
set -euo pipefail
[ $# -ge 2 ] || { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
IMAGE=$(realpath "$1"); PORT="$2"; shift 2
EXTRA_ENV=(); KEEP=0; TIMEOUT=300
while [ $# -gt 0 ]; do
  case "$1" in
    --keep) KEEP=1; shift ;;
    --timeout) TIMEOUT="$2"; shift 2 ;;
    *=*) EXTRA_ENV+=("$1"); shift ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" = 0 ] || { echo "needs root (chroot and a private mount namespace)" >&2; exit 2; }

work=$(mktemp -d /tmp/lmaas-image-check.XXXXXX)
cleanup() { [ "$KEEP" = 1 ] && echo "kept $work" || rm -rf "$work"; }
trap cleanup EXIT
mkdir -p "$work/image" "$work/rootfs" "$work/volumes/data" "$work/volumes/tmp"
tar -xf "$IMAGE" -C "$work/image"
config_file=$(jq -r '.[0].Config' "$work/image/manifest.json")
# Layers in order; Jib writes no whiteouts, and neither do the bases used here.
for layer in $(jq -r '.[0].Layers[]' "$work/image/manifest.json"); do
  tar --warning=no-unknown-keyword -xf "$work/image/$layer" -C "$work/rootfs"
done
cfg="$work/image/$config_file"
user=$(jq -r '.config.User // "0:0"' "$cfg")
workdir=$(jq -r '.config.WorkingDir // "/"' "$cfg")
mapfile -t env < <(jq -r '.config.Env[]?' "$cfg")
mapfile -t cmd < <(jq -r '(.config.Entrypoint // []) + (.config.Cmd // []) | .[]' "$cfg")
uid=${user%%:*}; gid=${user##*:}
chown "$uid:$gid" "$work/volumes/data"; chmod 1777 "$work/volumes/tmp"
echo "==> image $(du -h "$IMAGE" | cut -f1), unpacked $(du -sh "$work/rootfs" | cut -f1), user $user, entrypoint: ${cmd[*]}"

# Inside a private mount namespace: the root filesystem read-only, the volumes writable, /dev and
# /proc from the host (the JVM reads cgroup limits through /proc; PostgreSQL needs /dev/shm).
inner=$(cat <<'EOF'
set -euo pipefail
r="$WORK/rootfs"
mount --bind "$r" "$r"
mkdir -p "$r/dev" "$r/proc" "$r/data" "$r/tmp" "$r/sys"
mount --rbind /dev "$r/dev"
mount -t proc proc "$r/proc"
mount --rbind /sys "$r/sys"
mount --bind "$WORK/volumes/data" "$r/data"
mount --bind "$WORK/volumes/tmp" "$r/tmp"
mount -o remount,bind,ro "$r"
exec env -i "${ENVV[@]}" "$CHROOT" --userspec="$USERSPEC" "$r" /bin/sh -c 'cd "$0" && exec "$@"' "$WORKDIR" "${CMD[@]}"
EOF
)
start=$(date +%s.%N)
CHROOT=$(command -v chroot) WORK="$work" USERSPEC="$uid:$gid" WORKDIR="$workdir" \
  unshare -m --propagation private bash -c "ENVV=(\"\$@\"); ENVV=(\"\${ENVV[@]:0:$(( ${#env[@]} + ${#EXTRA_ENV[@]} ))}\"); CMD=(\"\${@:$(( ${#env[@]} + ${#EXTRA_ENV[@]} + 1 ))}\"); $inner" \
  inner "${env[@]}" "${EXTRA_ENV[@]}" "${cmd[@]}" >"$work/stdout.log" 2>&1 &
pid=$!
stop() { kill -TERM "$pid" 2>/dev/null || true; for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done; kill -KILL "$pid" 2>/dev/null || true; }
url="http://127.0.0.1:$PORT/actuator/health/readiness"
while :; do
  code=$(curl -s -o "$work/probe.json" -m 3 -w '%{http_code}' "$url" || true)
  [ "$code" = 200 ] && break
  if ! kill -0 "$pid" 2>/dev/null; then tail -40 "$work/stdout.log"; echo "FAILED: the entrypoint exited before it was ready" >&2; exit 1; fi
  if (( $(printf '%.0f' "$(echo "$(date +%s.%N) - $start" | bc)") > TIMEOUT )); then
    stop; tail -40 "$work/stdout.log"; echo "FAILED: no 200 from $url in ${TIMEOUT}s" >&2; exit 1
  fi
  sleep 0.5
done
ready=$(echo "$(date +%s.%N) - $start" | bc)
echo "==> READY in $(printf '%.1f' "$ready") s: $url -> $(head -c 200 "$work/probe.json")"
echo "==> written to the volumes: /data $(du -sh "$work/volumes/data" | cut -f1), /tmp $(du -sh "$work/volumes/tmp" | cut -f1); running as: $(ps -o user= -p "$(pgrep -P "$pid" -n 2>/dev/null || echo "$pid")" 2>/dev/null || echo '?')"
stop
