// The mail module's tables, as migrations for the composition root (app/application.cpp) and the
// tests. No other module reads them (mail_store.hpp). Pure; thread-safe.
#pragma once

#include <span>

#include "storage/migrations.hpp"

namespace guichet::mail {

std::span<const storage::Migration> Migrations();

}  // namespace guichet::mail
