#!/usr/bin/env bash
# Brings the tools that check the manifests and the alert rules offline into a cache (ACP_TOOLS_CACHE, default ~/.cache/acp-k8s-tools)
# and prints their paths as KEY=path lines: Debian's kubectl 1.20 (kustomize v2), yamllint, promtool, and npm's
# kubernetes-models with its validator. They come from Debian's packages (apt-get download, no install, no root)
# and the npm registry, the first time only. A current kubectl (kustomize v5) is taken from PATH when there is one.
set -euo pipefail
CACHE=${ACP_TOOLS_CACHE:-$HOME/.cache/acp-k8s-tools}
mkdir -p "$CACHE"
cd "$CACHE"
# Two test classes may ask at once (deploy's unit tests run two at a time, ADR 0049): one fills the cache while the
# other waits, and a package is downloaded and extracted under a temporary name, then renamed, so a run that stopped
# half-way leaves nothing that looks complete (a second reader once found a half-downloaded .deb).
exec 9>"$CACHE/.lock"
flock 9

deb() { # $1 = package: extracted into $CACHE/debs/$1
  if [ ! -d "debs/$1" ]; then
    local work="debs/.work-$1"
    rm -rf "$work" && mkdir -p "$work/download"
    (cd "$work/download" && apt-get download "$1" >/dev/null 2>&1) \
      || { echo "cannot download Debian package $1 (apt-get download)" >&2; exit 1; }
    dpkg-deb -x "$work"/download/"$1"_*.deb "$work/extracted"
    mv "$work/extracted" "debs/$1"
    rm -rf "$work"
  fi
}

deb kubernetes-client
echo "KUBECTL_V2=$CACHE/debs/kubernetes-client/usr/bin/kubectl"
if command -v kubectl >/dev/null && kubectl version --client 2>/dev/null | grep -q "Kustomize Version: v5"; then
  echo "KUBECTL_V5=$(command -v kubectl)"
fi

deb yamllint
deb python3-pathspec
python3 -c "import yaml" 2>/dev/null || deb python3-yaml
YL_PATH="$CACHE/debs/yamllint/usr/lib/python3/dist-packages:$CACHE/debs/python3-pathspec/usr/lib/python3/dist-packages"
[ -d "$CACHE/debs/python3-yaml" ] && YL_PATH="$YL_PATH:$CACHE/debs/python3-yaml/usr/lib/python3/dist-packages"
echo "YAMLLINT_PYTHONPATH=$YL_PATH"

if [ -x /usr/bin/promtool ]; then
  echo "PROMTOOL=/usr/bin/promtool"
else
  deb prometheus
  echo "PROMTOOL=$CACHE/debs/prometheus/usr/bin/promtool"
fi

if [ ! -f node/package-lock.json ]; then
  command -v npm >/dev/null || { echo "npm is needed (Node.js) to validate manifests with kubernetes-models" >&2; exit 1; }
  rm -rf node.work && mkdir -p node.work && (cd node.work && npm init -y >/dev/null && npm install --no-audit \
    --no-fund --silent kubernetes-models@5.1.0 @kubernetes-models/validate@5.0.2 @kubernetes-models/prometheus-operator \
    >/dev/null)
  rm -rf node && mv node.work node
fi
echo "NODE_MODULES=$CACHE/node/node_modules"
