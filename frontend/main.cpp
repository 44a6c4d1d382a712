#include "frontend/cli.h"

int main(int argc, char** argv) {
  return mkemu::cli_main(argc, argv);
}
