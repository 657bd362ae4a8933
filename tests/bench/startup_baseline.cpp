// The start-up baseline: a program that loads exactly the shared libraries jobwarden loads
// (cpp-httplib, OpenSSL, yaml-cpp, libstdc++) and does nothing else. jobwarden cannot start
// faster than this; the difference is jobwarden's own start-up and its lint of one Job.
#include <httplib.h>
#include <openssl/crypto.h>
#include <yaml-cpp/yaml.h>

#include <cstdio>

int main(int argc, char**) {
  // Referenced so the linker keeps each library; never called.
  if (argc > 99) {
    httplib::Client client("localhost");
    YAML::Load("{}");
    std::printf("%s\n", OpenSSL_version(OPENSSL_VERSION));
  }
  return 0;
}
