# syntax=docker/dockerfile:1
# The site as a small image: a Go stage builds public/ (the one `go run ./tools/site build`
# command, with Hugo compiled from go.mod), and nginx serves it with the caching and security
# headers of deploy/nginx/. The final image holds the static files, nginx and its config only.
#
#   docker build -t python-evidence --build-arg SOURCE_COMMIT="$(git rev-parse HEAD)" .
#   docker run --rm -p 8080:8080 python-evidence         # http://localhost:8080/
#
# BASE_URL sets the site's public URL (canonical links, feeds, the sitemap), for example
# --build-arg BASE_URL=https://evidence.example.org/. The image serves the site at its root;
# for a sub-path see deploy/README.md.

FROM golang:1.26.8-bookworm AS build
WORKDIR /src
# The modules first: a change to the site does not download them again.
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
ARG BASE_URL=""
# The context has no .git (see .dockerignore); the commit comes in as a build argument and
# is printed in every evidence pack.
ARG SOURCE_COMMIT=""
ENV SITE_COMMIT=${SOURCE_COMMIT}
# Go's build cache keeps the compiled Hugo (minutes to compile) between image builds.
RUN --mount=type=cache,target=/root/.cache/go-build \
    --mount=type=cache,target=/go/pkg/mod \
    go run ./tools/site build -out /public ${BASE_URL:+-baseURL "$BASE_URL"} \
 && bash deploy/publish.sh /public

FROM nginx:1.28-alpine
COPY deploy/nginx/site.conf /etc/nginx/conf.d/default.conf
COPY deploy/nginx/security-headers.conf /etc/nginx/snippets/security-headers.conf
COPY --from=build /public /usr/share/nginx/html
EXPOSE 8080
