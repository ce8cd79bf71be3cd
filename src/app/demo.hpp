// The demonstration commune: an invented town, Villebelle, with its services and four agents,
// so that a newcomer sees a living system at once. Its data lives here, not in ../shared.
#pragma once

#include <optional>
#include <ostream>
#include <string>

#include "app/application.hpp"

namespace guichet::app {

inline constexpr const char* kDemoSlug = "villebelle";

struct DemoOptions {
    // One password for every demo agent; empty: a random one per agent, printed once.
    std::string password;
};

// Creates the demo tenant if missing and prints the agents' logins and passwords to `out`.
// If it exists already, says so; with a password given, resets the demo agents' passwords to it.
Result<void> LoadDemo(Application& app, const DemoOptions& options, std::ostream& out);

}  // namespace guichet::app
