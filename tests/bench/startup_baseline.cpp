// The start-up baseline: a program that loads exactly the shared libraries `jobwarden` loads
// (yaml-cpp and libstdc++; cpp-httplib and OpenSSL only jobwarden-serve loads) and does nothing
// else. jobwarden cannot start faster than this; the difference is jobwarden's own start-up and
// its lint of one Job. tests/cli/program_libraries_test.cpp keeps the two lists the same.
#include <yaml-cpp/yaml.h>

int main(int argc, char**) {
  // Referenced so the linker keeps the library; never called.
  if (argc > 99) YAML::Load("{}");
  return 0;
}
