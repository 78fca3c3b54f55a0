#!/usr/bin/env bash
# Installs the host packages Gust's sandbox and tests use, when running as root with apt.
# bubblewrap: the sandbox (read-only code, private /tmp); zip/unzip: packaging tests; curl: the
# custom-runtime examples; awscli: the AWS CLI compatibility test; mosquitto: the real MQTT broker
# the MQTT event source tests start.
set -uo pipefail
missing=()
command -v bwrap >/dev/null 2>&1 || missing+=(bubblewrap)
command -v zip >/dev/null 2>&1 || missing+=(zip)
command -v unzip >/dev/null 2>&1 || missing+=(unzip)
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v aws >/dev/null 2>&1 || missing+=(awscli)  # a real client for the AWS CLI test
command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ] || missing+=(mosquitto)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing ${missing[*]} (apt-get)..." >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null 2>&1 ||
    { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null 2>&1; } ||
    echo "warning: could not install ${missing[*]}; tests that need them will be skipped or degrade." >&2
else
  echo "warning: ${missing[*]} missing and cannot be installed here (need root and apt-get)." >&2
fi
exit 0
