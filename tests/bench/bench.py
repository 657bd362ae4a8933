#!/usr/bin/env python3
"""Every benchmark of issue 10 in one run, each printed beside the baseline it is measured
against in the same run (scripts/bench.sh builds the targets and calls this).

  bench.py BUILD_DIR [--quick] [--only lint,rules,scaling,startup,webhook,instructions]

Wall times are medians of REPEAT runs (3, or 1 with --quick); the machine is shared and noisy,
so read the ratios, not the absolute numbers. `instructions` (not in the default set, needs
valgrind, ~5 minutes) gives the same ratios as instruction counts, which no noise changes.
"""
import argparse
import os
import re
import shutil
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
JOBWARDEN = ""  # the binary under test (--jobwarden, default BUILD_DIR/jobwarden)
ROWS = []  # (section, what, value, baseline, ratio, target)


def row(section, what, value, baseline="", ratio="", target=""):
    ROWS.append((section, what, value, baseline, ratio, target))
    print(f"  {what}: {value}" + (f"  (baseline {baseline}, ratio {ratio}, target {target})"
                                   if ratio else ""), flush=True)


class Timing:
    def __init__(self, wall, cpu, rss_kib):
        self.wall, self.cpu, self.rss_kib = wall, cpu, rss_kib

    def __str__(self):
        return f"wall {self.wall:.2f} s, CPU {self.cpu:.2f} s, peak RSS {self.rss_kib // 1024} MiB"


PEAK_RSS = ""  # BUILD_DIR/peak_rss (tests/bench/peak_rss.cpp), when built


def run_timed(cmd):
    """Wall and CPU (user + system) seconds and peak RSS (KiB) of one run; output discarded.
    The CPU time and RSS come from the small launcher peak_rss: a child of this Python process
    starts with its RSS as the high-water mark, so wait4 could never report less than ~20 MiB."""
    start = time.perf_counter()
    if PEAK_RSS:
        out = subprocess.run([PEAK_RSS, *cmd], capture_output=True, text=True, check=True).stdout
        wall = time.perf_counter() - start
        fields = dict(item.split("=") for item in out.split())
        return Timing(wall, float(fields["cpu_s"]), int(fields["max_rss_kib"]))
    pid = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(pid.pid, 0)
    wall = time.perf_counter() - start
    return Timing(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)


def wall_ms(cmd):
    """Wall milliseconds of one run, started directly (no launcher: start-up is measured)."""
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return 1e3 * (time.perf_counter() - start)


def median_timing(runs):
    """Medians of wall and CPU time, and the largest peak RSS."""
    return Timing(statistics.median(r.wall for r in runs), statistics.median(r.cpu for r in runs),
                  max(r.rss_kib for r in runs))


def median_of(repeat, cmd):
    """Medians of wall and CPU time over `repeat` runs, and the largest peak RSS."""
    return median_timing([run_timed(cmd) for _ in range(repeat)])


def generate(build, directory, files, per_file):
    subprocess.run([f"{build}/loader_bench", "generate", directory, str(files), str(per_file)],
                   check=True, stdout=subprocess.DEVNULL)


def lint_supports_jobs(build):
    help_text = subprocess.run([JOBWARDEN, "lint", "--help"], capture_output=True,
                               text=True).stdout
    return "--jobs" in help_text


def bench_lint(build, work, repeat):
    print("== linter: 20,000 Jobs in 200 files", flush=True)
    corpus = os.path.join(work, "corpus")
    generate(build, corpus, 200, 100)
    size = sum(os.path.getsize(os.path.join(corpus, f)) for f in os.listdir(corpus))
    row("lint", "corpus", f"20,000 Jobs, 200 files, {size / 1e6:.1f} MB")
    jobs = ["--jobs", "1"] if lint_supports_jobs(build) else []
    cores = os.cpu_count() or 1
    commands = {
        "parse": [f"{build}/loader_bench", "parse-only", corpus],
        "fast": [f"{build}/loader_bench", "fast-parse-only", corpus],
        "load": [f"{build}/loader_bench", "load", corpus],
        "load_yaml_cpp": [f"{build}/loader_bench", "load-yaml-cpp", corpus],
        "one": [JOBWARDEN, "lint", "--fail-on", "never", *jobs, corpus],
    }
    if jobs:
        commands["many"] = [JOBWARDEN, "lint", "--fail-on", "never", "--jobs", str(cores), corpus]
    # Rounds of every command in turn, each ratio taken within its round and the median of those
    # reported: the machine's speed drifts by tens of percent over minutes, and a run of three
    # parse-only, then three lint, read that drift as a difference between them.
    runs = {name: [] for name in commands}
    for _ in range(repeat):
        for name, cmd in commands.items():
            runs[name].append(run_timed(cmd))
    parse, load, one = (median_timing(runs[name]) for name in ("parse", "load", "one"))

    def ratio(name, field, invert):
        values = [getattr(p, field) / getattr(r, field) for p, r in zip(runs["parse"], runs[name])]
        value = statistics.median(values)
        return 1 / value if invert else value

    def spread(name):
        return ", ".join(f"{p.cpu / r.cpu:.2f}" for p, r in zip(runs["parse"], runs[name]))

    # One thread against one thread: CPU time, which another process on the machine disturbs
    # less than wall time. All cores against one thread: wall time, the user's wait.
    row("lint", "parse-only (yaml-cpp events, null handler)", str(parse))
    # The loader reads the block-YAML subset with its own scanner (rules/core/yaml_fast.cpp):
    # these rows show that scanner alone, and the loader with and without it.
    fast = median_timing(runs["fast"])
    row("lint", "parse-only, the loader's scanner (same null handler)", str(fast),
        f"CPU {parse.cpu:.2f} s", f"{ratio('fast', 'cpu', False):.2f}x throughput")
    row("lint", "loader (events -> JSON + SourceMap)", str(load), f"CPU {parse.cpu:.2f} s",
        f"{ratio('load', 'cpu', False):.2f}x throughput (rounds: {spread('load')})")
    load_yaml_cpp = median_timing(runs["load_yaml_cpp"])
    row("lint", "loader, every file through yaml-cpp", str(load_yaml_cpp),
        f"CPU {parse.cpu:.2f} s", f"{ratio('load_yaml_cpp', 'cpu', False):.2f}x throughput")
    row("lint", "jobwarden lint, one thread", str(one), f"CPU {parse.cpu:.2f} s",
        f"{ratio('one', 'cpu', False):.2f}x throughput (rounds: {spread('one')})", ">= 0.85x")
    if jobs:
        many = median_timing(runs["many"])
        row("lint", f"jobwarden lint --jobs {cores}", str(many), f"wall {parse.wall:.2f} s",
            f"{ratio('many', 'wall', True):.2f}x wall", "<= 0.6x")
    else:
        row("lint", "jobwarden lint --jobs N", "not available (no --jobs option)")


def bench_rules(build, work):
    print("== per-rule cost (rule_bench over 5,000 Jobs)", flush=True)
    corpus = os.path.join(work, "rules-corpus")
    generate(build, corpus, 50, 100)
    out = subprocess.run([f"{build}/rule_bench", corpus], capture_output=True, text=True,
                         check=True).stdout
    print(out, flush=True)
    share = re.search(r"BENCH rule_max_share=([\d.]+) rule_max_id=(\S+)", out)
    row("rules", "slowest rule's share of Engine::check", f"{share.group(1)} % ({share.group(2)})",
        target="<= 5 %")


def bench_scaling(build, work, repeat):
    print("== scaling: 1k, 10k, 100k Jobs, one stream and 100 per file", flush=True)
    # Linearity is one thread's cost per Job (`--jobs 1`): with two threads on two vCPUs the
    # CPU time per Job also depends on whether they share a physical core (target 2 measures the
    # pool). The sizes run one after the other, the largest for most of a minute, so a machine
    # whose speed drifts over the run shows that drift as non-linearity: each lint runs right
    # after parse-only over the same files (yaml-cpp streams, linear by construction), and the
    # drift-corrected row compares lint's cost per Job relative to that. The memory bound is
    # measured as users run it, with the default pool.
    jobs_one = ["--jobs", "1"] if lint_supports_jobs(build) else []
    per_doc = {}
    relative = {}
    for count in (1000, 10000, 100000):
        stream = os.path.join(work, f"stream-{count}")
        generate(build, stream, 1, count)
        many = os.path.join(work, f"files-{count}")
        generate(build, many, count // 100, 100)
        for layout, path in (("one stream", stream), ("100 per file", many)):
            # The smallest size lints in tens of milliseconds, where one slow run moves the
            # median of three: it gets three times the runs.
            runs = {1000: 3 * repeat, 10000: repeat}.get(count, 1)
            parse = median_of(runs, [f"{build}/loader_bench", "parse-only", path])
            t = median_of(runs, [JOBWARDEN, "lint", "--fail-on", "never", *jobs_one, path])
            per_doc[(layout, count)] = t.cpu / count
            relative[(layout, count)] = t.cpu / parse.cpu
            row("scaling", f"{count:>6} Jobs, {layout}",
                f"{t}, {1e6 * t.cpu / count:.0f} us CPU/Job",
                f"parse-only {1e6 * parse.cpu / count:.0f} us CPU/Job",
                f"{t.cpu / parse.cpu:.2f}x its CPU")
        if count == 100000:
            pool = median_of(1, [JOBWARDEN, "lint", "--fail-on", "never", many])
            row("scaling", "100000 Jobs, 1,000 files, default --jobs", str(pool),
                target="peak RSS bounded by the largest file")
        shutil.rmtree(stream)
        shutil.rmtree(many)
    for layout in ("one stream", "100 per file"):
        values = [per_doc[(layout, c)] for c in (1000, 10000, 100000)]
        row("scaling", f"CPU time per Job, {layout}: max/min over 1k..100k",
            f"{max(values) / min(values):.2f}", target="<= 1.3")
        ratios = [relative[(layout, c)] for c in (1000, 10000, 100000)]
        row("scaling", "  the same, drift-corrected (lint / parse-only per Job): max/min",
            f"{max(ratios) / min(ratios):.2f}", target="<= 1.3")


def bench_startup(build, repeat):
    print("== start-up: lint of one Job", flush=True)
    one_job = os.path.join(ROOT, "examples", "good", "fixed-count-job.yaml")
    runs = 30 if repeat > 1 else 10

    def median_ms(cmd):
        return statistics.median(wall_ms(cmd) for _ in range(runs))

    true_ms = median_ms(["/bin/true"])
    libraries_ms = median_ms([f"{build}/startup_baseline"])
    lint_ms = median_ms([JOBWARDEN, "lint", one_job])
    row("startup", f"jobwarden lint one-job.yaml (median of {runs})", f"{lint_ms:.2f} ms",
        f"/bin/true {true_ms:.2f} ms", f"{lint_ms - true_ms:.2f} ms over", "<= 5 ms")
    # What loading jobwarden's shared libraries alone costs (tests/bench/startup_baseline.cpp).
    row("startup", "of which loading the shared libraries (startup_baseline)",
        f"{libraries_ms - true_ms:.2f} ms over /bin/true", f"lint {lint_ms:.2f} ms",
        f"{lint_ms - libraries_ms:.2f} ms jobwarden's own")


# --- webhook -------------------------------------------------------------------------------

def make_certificates(work):
    def sh(*args):
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    ca_key, ca_crt = f"{work}/ca.key", f"{work}/ca.crt"
    key, csr, crt, ext = f"{work}/tls.key", f"{work}/tls.csr", f"{work}/tls.crt", f"{work}/ext"
    sh("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
       "-nodes", "-days", "1", "-subj", "/CN=bench-ca", "-keyout", ca_key, "-out", ca_crt)
    sh("openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
       "-subj", "/CN=jobwarden.jobwarden.svc", "-keyout", key, "-out", csr)
    with open(ext, "w") as f:
        f.write("subjectAltName=DNS:jobwarden.jobwarden.svc\nextendedKeyUsage=serverAuth\n")
    sh("openssl", "x509", "-req", "-in", csr, "-CA", ca_crt, "-CAkey", ca_key, "-set_serial", "1",
       "-days", "1", "-extfile", ext, "-out", crt)
    return crt, key


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(port, process):
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    for _ in range(200):
        if process.poll() is not None:
            raise RuntimeError("server exited during start-up")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                with context.wrap_socket(s) as t:
                    t.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    if b" 200 " in t.recv(100):
                        return
        except OSError:
            pass
        time.sleep(0.05)
    raise RuntimeError("server did not become healthy")


REVIEW = """{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{
"uid":"705ab4f5-6393-11e8-b7cc-42010a800002","kind":{"group":"batch","version":"v1","kind":"Job"},
"resource":{"group":"batch","version":"v1","resource":"jobs"},"name":"pi","namespace":"default",
"operation":"CREATE","userInfo":{"username":"alice","groups":["system:authenticated"]},
"object":{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"pi","namespace":"default",
"labels":{"app":"pi"}},"spec":{"activeDeadlineSeconds":600,"backoffLimit":3,"parallelism":1,
"completions":1,"completionMode":"NonIndexed","suspend":false,"template":{"metadata":{"labels":
{"app":"pi"}},"spec":{"restartPolicy":"Never","containers":[{"name":"pi","image":
"registry.example.com/perl:5.34.0","command":["perl","-e","print 1"],"resources":{"requests":
{"cpu":"100m","memory":"64Mi"},"limits":{"cpu":"500m","memory":"64Mi"}}}]}}}},
"oldObject":null,"dryRun":false}}""".replace("\n", "")

WRK_SCRIPT = """
local f = io.open("%s", "rb")
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Host"] = "jobwarden.jobwarden.svc"
done = function(summary, latency, requests)
  io.write(string.format("BENCH requests=%%d errors=%%d rps=%%.0f p50_ms=%%.3f p99_ms=%%.3f\\n",
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read +
    summary.errors.write + summary.errors.timeout, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
"""


def peak_rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def cpu_seconds(pid):
    """User + system CPU time of a process so far (/proc/PID/stat utime and stime)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wrk(port, path, script, duration, threads=2, connections=8):
    """requests/s, p50 and p99 (ms) and the number of requests of one wrk run."""
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency",
                          "-s", script, f"https://127.0.0.1:{port}{path}?timeout=10s"],
                         capture_output=True, text=True, check=True).stdout
    m = re.search(r"BENCH requests=(\d+) errors=(\d+) rps=(\d+) p50_ms=([\d.]+) p99_ms=([\d.]+)",
                  out)
    if m is None or m.group(2) != "0":
        raise RuntimeError("wrk failed or saw errors:\n" + out)
    return float(m.group(3)), float(m.group(4)), float(m.group(5)), int(m.group(1))


def webhook_inputs(work):
    """The server's certificate and key, and the wrk script posting REVIEW."""
    crt, key = make_certificates(work)
    review = os.path.join(work, "review.json")
    with open(review, "w") as f:
        f.write(REVIEW)
    script = os.path.join(work, "post.lua")
    with open(script, "w") as f:
        f.write(WRK_SCRIPT % review)
    return crt, key, script


def bench_webhook(build, work, repeat, duration):
    print(f"== webhook: wrk, 2 threads, 8 keep-alive TLS connections, {duration} s per run",
          flush=True)
    if shutil.which("wrk") is None:
        row("webhook", "wrk", "missing (scripts/install-test-tools.sh)")
        return
    crt, key, script = webhook_inputs(work)

    def start(kind):
        port = free_port()
        if kind == "baseline":
            cmd = [f"{build}/baseline_server", crt, key, str(port)]
        else:
            cmd = [JOBWARDEN, "serve", "--tls-cert", crt, "--tls-key", key,
                   "--addr", f"127.0.0.1:{port}", "--metrics-addr", "off"]
        process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_healthy(port, process)
        return port, process

    results = {"baseline": [], "validate": [], "mutate": []}
    # Server CPU time per request: wrk shares the two cores, and the scheduler gives the
    # baseline's thread per connection a larger share of them than jobwarden's loop per core,
    # so requests per CPU-second are what a server with cores of its own would compare.
    cpu_per_request = {"baseline": [], "validate": [], "mutate": []}
    peak_rss = 0
    for _ in range(repeat):  # interleaved, so drift in machine load hits every side alike
        for kind in ("baseline", "validate", "mutate"):
            port, process = start("baseline" if kind == "baseline" else "jobwarden")
            try:
                cpu_before = cpu_seconds(process.pid)
                results[kind].append(wrk(port, "/mutate" if kind == "mutate" else "/validate",
                                         script, duration))
                cpu_per_request[kind].append(
                    (cpu_seconds(process.pid) - cpu_before) / results[kind][-1][3])
                if kind != "baseline":
                    peak_rss = max(peak_rss, peak_rss_kib(process.pid))
            finally:
                process.terminate()
                process.wait()

    def med(kind, i):
        return statistics.median(r[i] for r in results[kind])

    base = med("baseline", 0)
    for kind in ("validate", "mutate"):
        rps = med(kind, 0)
        row("webhook", f"jobwarden serve /{kind}",
            f"{rps:.0f} req/s, p50 {med(kind, 1):.2f} ms, p99 {med(kind, 2):.2f} ms",
            f"{base:.0f} req/s", f"{rps / base:.2f}x", ">= 0.8x, p99 <= 2 ms")
    row("webhook", "same-stack baseline (httplib + OpenSSL + nlohmann, fixed allow)",
        f"{base:.0f} req/s, p50 {med('baseline', 1):.2f} ms, p99 {med('baseline', 2):.2f} ms")
    row("webhook", "/mutate vs /validate", f"{med('mutate', 0) / med('validate', 0):.2f}x",
        target=">= 0.9x")
    base_cpu = statistics.median(cpu_per_request["baseline"])
    for kind in ("validate", "mutate"):
        cpu = statistics.median(cpu_per_request[kind])
        row("webhook", f"server CPU per request, /{kind}", f"{cpu * 1e6:.1f} us",
            f"{base_cpu * 1e6:.1f} us", f"{base_cpu / cpu:.2f}x requests per CPU-second")
    row("webhook", "jobwarden serve peak RSS (VmHWM) under load", f"{peak_rss / 1024:.1f} MiB",
        target="<= 32 MiB")


def callgrind_refs(cmd, after_start=None):
    """Instructions executed by `cmd` under callgrind; `after_start(process)` runs while it does
    (and returns a count of requests), after which the process gets SIGTERM."""
    with tempfile.NamedTemporaryFile() as out:
        process = subprocess.Popen(["valgrind", "--tool=callgrind",
                                    f"--callgrind-out-file={out.name}", *cmd],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        done = None
        if after_start is not None:
            try:
                done = after_start(process)
            finally:
                process.terminate()
        err = process.communicate(timeout=300)[1]
    refs = re.search(r"refs:\s+([\d,]+)", err)
    if refs is None:
        raise RuntimeError("callgrind printed no count:\n" + err[-2000:])
    return int(refs.group(1).replace(",", "")), done


def bench_instructions(build, work):
    print("== instruction counts (callgrind): lint over 1,000 Jobs; webhook per request",
          flush=True)
    if shutil.which("valgrind") is None:
        row("instructions", "valgrind", "missing (apt-get install valgrind)")
        return
    corpus = os.path.join(work, "corpus-1k")
    generate(build, corpus, 10, 100)
    parse, _ = callgrind_refs([f"{build}/loader_bench", "parse-only", corpus])
    load, _ = callgrind_refs([f"{build}/loader_bench", "load", corpus])
    lint, _ = callgrind_refs([JOBWARDEN, "lint", "--fail-on", "never", "--jobs", "1", corpus])
    row("instructions", "parse-only, 1,000 Jobs in 10 files", f"{parse / 1e6:,.0f} M")
    row("instructions", "loader", f"{load / 1e6:,.0f} M", f"{parse / 1e6:,.0f} M",
        f"{parse / load:.3f}x")
    row("instructions", "jobwarden lint --jobs 1", f"{lint / 1e6:,.0f} M", f"{parse / 1e6:,.0f} M",
        f"{parse / lint:.3f}x", ">= 0.85x")

    # Server-side instructions per request: a run under wrk (1 thread, 2 connections, 20 s)
    # less an idle run of the same server; decision logs off, as under load they are sampled
    # to 200 lines/s.
    crt, key, script = webhook_inputs(work)

    def per_request(kind, path):
        def server(port):
            if kind == "baseline":
                return [f"{build}/baseline_server", crt, key, str(port)]
            return [JOBWARDEN, "serve", "--tls-cert", crt, "--tls-key", key, "--addr",
                    f"127.0.0.1:{port}", "--metrics-addr", "off", "--log-level", "warning"]

        def load_for(seconds):
            def drive(process):
                wait_healthy(port, process)
                if seconds == 0:
                    return 0
                return wrk(port, path, script, seconds, threads=1, connections=2)[3]
            return drive

        port = free_port()
        idle, _ = callgrind_refs(server(port), load_for(0))
        port = free_port()
        busy, requests = callgrind_refs(server(port), load_for(20))
        return (busy - idle) / requests

    base = per_request("baseline", "/validate")
    validate = per_request("jobwarden", "/validate")
    mutate = per_request("jobwarden", "/mutate")
    row("instructions", "same-stack baseline server, per request", f"{base / 1e3:,.0f} k")
    for name, value in (("/validate", validate), ("/mutate", mutate)):
        row("instructions", f"jobwarden serve {name}, per request", f"{value / 1e3:,.0f} k",
            f"{base / 1e3:,.0f} k", f"{base / value:.2f}x")
    row("instructions", "/mutate vs /validate, per request", f"{validate / mutate:.2f}x",
        target=">= 0.9x")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("build")
    parser.add_argument("--quick", action="store_true", help="one run each, 3 s wrk runs")
    parser.add_argument("--only", default="lint,rules,scaling,startup,webhook")
    parser.add_argument("--jobwarden", help="the jobwarden binary to measure (e.g. an older build)")
    args = parser.parse_args()
    build = os.path.abspath(args.build)
    global JOBWARDEN
    JOBWARDEN = os.path.abspath(args.jobwarden) if args.jobwarden else f"{build}/jobwarden"
    global PEAK_RSS
    PEAK_RSS = f"{build}/peak_rss" if os.access(f"{build}/peak_rss", os.X_OK) else ""
    repeat = 1 if args.quick else 3
    only = set(args.only.split(","))
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip()
    print(f"jobwarden benchmarks: commit {commit}, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.2f}", flush=True)
    with tempfile.TemporaryDirectory() as work:
        if "lint" in only:
            bench_lint(build, work, repeat)
        if "rules" in only:
            bench_rules(build, work)
        if "scaling" in only:
            bench_scaling(build, work, repeat)
        if "startup" in only:
            bench_startup(build, repeat)
        if "webhook" in only:
            bench_webhook(build, work, repeat, 3 if args.quick else 10)
        if "instructions" in only:
            bench_instructions(build, work)
    print("\n| section | what | value | baseline (same run) | ratio | target |")
    print("|---|---|---|---|---|---|")
    for r in ROWS:
        print("| " + " | ".join(r) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
