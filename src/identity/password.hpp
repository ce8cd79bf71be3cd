// Password hashing with Argon2id (libsodium's crypto_pwhash_str), and the password policy.
//
// Cost parameters are chosen by the composition root: interactive limits in production (about
// 64 MiB and a few tens of milliseconds per hash), libsodium's minimum in unit tests.
// Thread-safe; every call blocks for the duration of one hash: call from the worker pool.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace guichet::identity {

struct PasswordCost {
    unsigned long long opslimit;
    std::size_t memlimit;
    static PasswordCost Interactive();
    static PasswordCost Minimum();  // For tests only: fast and weak.
};

class PasswordHasher {
  public:
    explicit PasswordHasher(PasswordCost cost);

    // Checks the policy (12 to 256 characters) and returns the encoded hash.
    Result<std::string> Hash(std::string_view password) const;
    // Constant-time verification; false for any malformed hash.
    bool Verify(std::string_view encoded_hash, std::string_view password) const;
    // Spends the time of one verification; used when the login is unknown, so that response
    // times do not reveal which e-mail addresses have an account.
    void VerifyDummy(std::string_view password) const;

    static Result<void> CheckPolicy(std::string_view password);

  private:
    PasswordCost cost_;
    std::string dummy_hash_;
};

// Hex BLAKE2b digests for session tokens and API keys (high-entropy secrets, so a fast
// hash is enough: the database never holds a usable token).
std::string HashToken(std::string_view token);
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace guichet::identity
