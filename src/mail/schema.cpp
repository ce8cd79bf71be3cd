// The mail module's migrations (declared in schema.hpp; the tables are in mail_store.hpp).
#include "mail/schema.hpp"

#include "mail/mail_store.hpp"

namespace guichet::mail {

std::span<const storage::Migration> Migrations() { return store::Migrations(); }

}  // namespace guichet::mail
