// LoginThrottle: how many password checks a login attempt may cost, per account and per address.
//
// Three counters of attempts, each within a sliding window (`window` after the last attempt, the
// counter starts again from zero):
// - (account, address): `per_account_address` attempts, then a lock doubling from 1 s to 15 min.
//   It always applies: it is what stops guessing one agent's password from one place.
// - (address), across accounts and tenants: `per_address` attempts, then a lock of the address
//   doubling from 1 min to 1 h (password spraying).
// - (account), from every address: `per_account` attempts, then a lock doubling from 1 min to 1 h
//   (a distributed attack on one agent).
// The last two do not apply, and do not count, when the address is one of the account's usual
// networks (its `usual_networks` most recent successful logins within 90 days, as /24 for IPv4
// and /64 for IPv6): nobody can lock an agent out of the office by failing on their address, and
// colleagues behind one NAT do not lock each other out.
//
// Reserve() checks and counts in the caller's write transaction, before the password is checked:
// concurrent attempts are serialised by the transaction, so N parallel wrong passwords cost at
// most the threshold's number of checks. An attempt that turns out right gives its reservation
// back (Succeeded), and clears the (account, address) counter.
// Thread-safety: stateless; the database transaction provides the atomicity.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "storage/database.hpp"

namespace guichet::identity {

struct LoginThrottleOptions {
    int per_account_address = 5;
    int per_address = 20;
    int per_account = 50;
    std::chrono::minutes window{60};
    int usual_networks = 5;
};

// Who tries: the tenant, the normalised e-mail, and the client address as the server saw it.
struct LoginAttempt {
    std::string tenant_id;
    std::string login;
    std::string ip;
};

// What Reserve() decided, for Succeeded().
struct LoginReservation {
    bool usual_network = false;  // Only the (account, address) counter was counted.
};

class LoginThrottle {
  public:
    explicit LoginThrottle(LoginThrottleOptions options) : options_(options) {}

    // Counts the attempt, in the caller's write transaction; kResourceExhausted with
    // retry_after_seconds (and a French message) when a lock applies, and then counts nothing.
    Result<LoginReservation> Reserve(storage::Connection& c, const LoginAttempt& attempt,
                                     int64_t now_ms) const;

    // The password was right: gives the reservation back, clears the (account, address) counter
    // and remembers the address's network as usual for the account.
    Result<void> Succeeded(storage::Connection& c, const LoginAttempt& attempt,
                           const LoginReservation& reservation, int64_t now_ms) const;

    // Forgets every counter of the account (its password was reset).
    static Result<void> Forget(storage::Connection& c, std::string_view tenant_id,
                               std::string_view login);

  private:
    LoginThrottleOptions options_;
};

// The network an address belongs to for the throttle: "192.0.2.0/24", "2001:db8:1:2::/64"; an
// IPv4-mapped IPv6 address counts as IPv4; anything else is returned as given.
std::string NetworkOf(std::string_view ip);
// The address as a throttle key: IPv4 addresses as such, IPv6 addresses by their /64 (one
// subscriber usually holds a whole /64).
std::string AddressKeyOf(std::string_view ip);

}  // namespace guichet::identity
