#!/usr/bin/env bash
# Brings the tools that check the manifests and the alert rules offline into a cache (ACP_TOOLS_CACHE, default ~/.cache/acp-k8s-tools)
# and prints their paths as KEY=path lines: Debian's kubectl 1.20 (kustomize v2), yamllint, promtool, and npm's
# kubernetes-models with its validator. They come from Debian's packages (apt-get download, no install, no root)
# and the npm registry, the first time only. A current kubectl (kustomize v5) is taken from PATH when there is one.
set -euo pipefail
CACHE=${ACP_TOOLS_CACHE:-$HOME/.cache/acp-k8s-tools}
mkdir -p "$CACHE"
cd "$CACHE"

deb() { # $1 = package: extracted into $CACHE/debs/$1
  if [ ! -d "debs/$1" ]; then
    mkdir -p debs/download && (cd debs/download && apt-get download "$1" >/dev/null 2>&1) \
      || { echo "cannot download Debian package $1 (apt-get download)" >&2; exit 1; }
    dpkg-deb -x debs/download/"$1"_*.deb "debs/$1"
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
  mkdir -p node && (cd node && npm init -y >/dev/null && npm install --no-audit --no-fund --silent \
    kubernetes-models@5.1.0 @kubernetes-models/validate@5.0.2 @kubernetes-models/prometheus-operator >/dev/null)
fi
echo "NODE_MODULES=$CACHE/node/node_modules"
