// The security headers and the cached Content-Security-Policy (security_headers.hpp).
#include "http/security_headers.hpp"

#include <gtest/gtest.h>

#include <atomic>

namespace guichet::http {
namespace {

TEST(SecurityHeaders, EveryResponseGetsThem) {
    Response r = Response::Json(200, boost::json::object{});
    AddStandardHeaders(r, "req-1", ContentSecurityPolicy({}), false);
    EXPECT_EQ(r.Get("X-Request-Id"), "req-1");
    EXPECT_EQ(r.Get("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(r.Get("Cache-Control"), "no-store");
    EXPECT_EQ(r.Get("Strict-Transport-Security"), "");
    Response secure = Response::NoContent();
    AddStandardHeaders(secure, "req-2", "default-src 'self'", true);
    EXPECT_EQ(secure.Get("Strict-Transport-Security"), "max-age=31536000");
}

TEST(SecurityHeaders, FixedPolicyIsBuiltOnce) {
    CspCache cache({"https://tiles.example.fr"}, nullptr, nullptr);
    auto first = cache.Current();
    EXPECT_NE(first->find("img-src 'self' data: https://tiles.example.fr;"), std::string::npos);
    EXPECT_EQ(cache.Current().get(), first.get());
}

// The tile origins tenants choose are asked for only when their generation changes: the policy
// of the hot path is the one built before, the same object.
TEST(SecurityHeaders, DynamicPolicyIsRebuiltOnlyWhenTheGenerationChanges) {
    std::atomic<int> asked{0};
    std::atomic<uint64_t> generation{0};
    std::vector<std::string> origins = {"https://data.geopf.fr"};
    CspCache cache(
        {"https://fixed.example.fr"},
        [&] {
            ++asked;
            return origins;
        },
        [&] { return generation.load(); });
    auto first = cache.Current();
    EXPECT_NE(first->find("https://fixed.example.fr https://data.geopf.fr"), std::string::npos);
    for (int i = 0; i < 100; ++i) EXPECT_EQ(cache.Current().get(), first.get());
    EXPECT_EQ(asked.load(), 1);

    origins = {"https://data.geopf.fr", "https://tuiles.villebelle.fr"};
    ++generation;
    auto second = cache.Current();
    EXPECT_EQ(asked.load(), 2);
    EXPECT_NE(second->find("https://tuiles.villebelle.fr"), std::string::npos);
    EXPECT_EQ(cache.Current().get(), second.get());
    EXPECT_NE(first->find("https://data.geopf.fr"), std::string::npos);  // Still valid.
}

TEST(SecurityHeaders, WithoutGenerationThePolicyFollowsEveryChange) {
    std::vector<std::string> origins;
    CspCache cache(
        {}, [&] { return origins; }, nullptr);
    EXPECT_EQ(cache.Current()->find("villebelle"), std::string::npos);
    origins = {"https://tuiles.villebelle.fr"};
    EXPECT_NE(cache.Current()->find("https://tuiles.villebelle.fr"), std::string::npos);
}

// A fixed origin that a tenant also chose is named once.
TEST(SecurityHeaders, OriginsAreNamedOnce) {
    CspCache cache(
        {"https://data.geopf.fr"}, [] { return std::vector<std::string>{"https://data.geopf.fr"}; },
        [] { return uint64_t{7}; });
    const std::string policy = *cache.Current();
    EXPECT_EQ(policy.find("https://data.geopf.fr"), policy.rfind("https://data.geopf.fr"));
}

}  // namespace
}  // namespace guichet::http
