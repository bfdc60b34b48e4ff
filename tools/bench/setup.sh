#!/usr/bin/env bash
# Installs every runtime, framework and tool the benchmark harness (go run ./tools/site bench)
# measures, from Debian's packages, and the Node.js frameworks from npm. Run it as root (or
# with sudo) on a Debian 12 machine; the harness itself needs Go 1.26, as the rest of the repo.
#
# C# is not here: no .NET runtime is served by the package registries this project's machines
# reach (the Go module proxy, Debian's packages and npm).
#
# Installing nginx and php-fpm from Debian may start their system services; the harness does
# not use them (it starts its own instances on free loopback ports with its own configuration).
set -euo pipefail
cd "$(dirname "$0")"

sudo=()
if [ "$(id -u)" -ne 0 ]; then sudo=(sudo); fi
export DEBIAN_FRONTEND=noninteractive

pkgs=(
  python3 python3-flask gunicorn python3-fastapi uvicorn python3-uvloop # Python and its frameworks
  openjdk-17-jdk-headless                                               # Java (javac and java)
  php-cli php-fpm nginx                                                 # PHP, and PHP-FPM behind nginx
  ruby ruby-webrick puma ruby-rack                                      # Ruby, WEBrick, Puma
  wrk                                                                   # the load generator
  util-linux                                                            # taskset
)
# Keep a Node.js that is already there (and the npm that came with it); Debian's npm package
# conflicts with Node.js builds that bundle npm.
command -v node >/dev/null 2>&1 || pkgs+=(nodejs)
command -v npm >/dev/null 2>&1 || pkgs+=(npm)

echo "setup: apt-get update"
"${sudo[@]}" apt-get update -qq
echo "setup: apt-get install ${pkgs[*]}"
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null

echo "setup: npm ci in tools/bench/http (Express, Fastify)"
(cd http && npm ci --no-audit --no-fund --loglevel=error)

echo "setup: done; run: go run ./tools/site bench"
