#include "identity/password.hpp"

#include <sodium.h>

#include <cstdlib>
#include <stdexcept>

namespace guichet::identity {
namespace {

void EnsureSodium() {
    static const bool ready = [] {
        if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
        return true;
    }();
    (void)ready;
}

std::size_t Utf8Length(std::string_view s) {
    std::size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

}  // namespace

PasswordCost PasswordCost::Interactive() {
    return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

PasswordCost PasswordCost::Minimum() {
    return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
}

PasswordHasher::PasswordHasher(PasswordCost cost) : cost_(cost) {
    EnsureSodium();
    auto dummy = Hash("dummy-password-for-timing");
    if (!dummy) throw std::runtime_error("cannot compute the dummy password hash");
    dummy_hash_ = *dummy;
}

Result<void> PasswordHasher::CheckPolicy(std::string_view password) {
    std::size_t length = Utf8Length(password);
    if (length < 12) {
        return Fail(ErrorCode::kInvalidArgument,
                    "Le mot de passe doit comporter au moins 12 caractères.", "password too short",
                    "weak-password");
    }
    if (password.size() > 256) {
        return Fail(ErrorCode::kInvalidArgument,
                    "Le mot de passe ne doit pas dépasser 256 caractères.", "password too long",
                    "weak-password");
    }
    return {};
}

Result<std::string> PasswordHasher::Hash(std::string_view password) const {
    GUICHET_CHECK(CheckPolicy(password));
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(out, password.data(), password.size(), cost_.opslimit, cost_.memlimit,
                              crypto_pwhash_ALG_ARGON2ID13) != 0) {
        return Fail(ErrorCode::kResourceExhausted,
                    "Le serveur manque de mémoire ; veuillez réessayer.",
                    "crypto_pwhash_str failed");
    }
    return std::string(out);
}

bool PasswordHasher::Verify(std::string_view encoded_hash, std::string_view password) const {
    std::string hash(encoded_hash);  // Must be NUL-terminated.
    return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

void PasswordHasher::VerifyDummy(std::string_view password) const {
    (void)Verify(dummy_hash_, password);
}

std::string HashToken(std::string_view token) {
    EnsureSodium();
    unsigned char digest[crypto_generichash_BYTES];
    crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(token.data()),
                       token.size(), nullptr, 0);
    char hex[sizeof digest * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return std::string(hex);
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace guichet::identity
