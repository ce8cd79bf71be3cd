#include "app/cli.hpp"

int main(int argc, char** argv) { return guichet::app::RunCli(argc, argv); }
