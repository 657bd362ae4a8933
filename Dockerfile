# syntax=docker/dockerfile:1
# Build stage: Debian bookworm packages only, like the scripts.
FROM debian:bookworm AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      build-essential cmake pkg-config libyaml-cpp-dev nlohmann-json3-dev \
      libcpp-httplib-dev libssl-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cmake -S . -B /build -DCMAKE_BUILD_TYPE=Release -DJOBWARDEN_TESTS=OFF \
 && cmake --build /build -j"$(nproc)" --target jobwarden \
 && strip /build/jobwarden /build/jobwarden-serve

# Runtime: the binaries (`jobwarden serve` runs jobwarden-serve from jobwarden's directory) and
# the packages of the shared libraries `ldd` names for them, less those every Debian image has
# (libc6, libstdc++6, libgcc-s1, zlib1g); tests/charts/dockerfile_test.cpp keeps this list exact. No ca-certificates: the webhook makes no outgoing TLS connections.
FROM debian:bookworm-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libyaml-cpp0.7 libcpp-httplib0.11 libssl3 libbrotli1 \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /build/jobwarden /build/jobwarden-serve /usr/local/bin/
USER 65532:65532
WORKDIR /work
ENTRYPOINT ["/usr/local/bin/jobwarden"]
CMD ["--help"]
