// peak_rss CMD ARGS...: runs CMD (standard output and error to /dev/null) and prints its CPU
// time and peak RSS: "cpu_s=U+S max_rss_kib=N". A child's ru_maxrss starts at its parent's RSS
// at fork (the kernel keeps the larger high-water mark across exec), so a child of bench.py's
// Python (~20 MiB) could never show less; this launcher is small, so the number is CMD's own.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: peak_rss CMD ARGS...\n");
    return 2;
  }
  const pid_t pid = ::fork();
  if (pid < 0) return 2;
  if (pid == 0) {
    const int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, STDOUT_FILENO);
    ::dup2(null, STDERR_FILENO);
    ::execvp(argv[1], argv + 1);
    ::_exit(127);
  }
  int status = 0;
  rusage usage{};
  if (::wait4(pid, &status, 0, &usage) != pid) return 2;
  const double cpu = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                     static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  std::printf("cpu_s=%.6f max_rss_kib=%ld exit=%d\n", cpu, usage.ru_maxrss,
              WIFEXITED(status) ? WEXITSTATUS(status) : -1);
  return 0;
}
