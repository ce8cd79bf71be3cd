#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <set>

#include "core/config.hpp"
#include "core/french_format.hpp"
#include "core/ids.hpp"
#include "core/json.hpp"
#include "core/rate_limiter.hpp"
#include "core/text.hpp"
#include "core/versions.hpp"

namespace guichet {
namespace {

TEST(FrenchFormat, GroupsThousandsWithSpaces) {
    EXPECT_EQ(FrenchThousands(0), "0");
    EXPECT_EQ(FrenchThousands(999), "999");
    EXPECT_EQ(FrenchThousands(10000), "10 000");
    EXPECT_EQ(FrenchThousands(1234567), "1 234 567");
    EXPECT_EQ(FrenchThousands(-2000), "-2 000");
}

TEST(RateLimiter, AllowsABurstThenRefillsAtItsRate) {
    RateLimiter limiter({.per_minute = 6, .burst = 3});
    const auto t0 = RateLimiter::Clock::time_point{} + std::chrono::hours(1);
    for (int i = 0; i < 3; ++i) EXPECT_FALSE(limiter.TryTake("1.2.3.4", t0)) << i;
    auto wait = limiter.TryTake("1.2.3.4", t0);
    ASSERT_TRUE(wait);
    EXPECT_EQ(*wait, 10);                          // One action every 10 s.
    EXPECT_FALSE(limiter.TryTake("5.6.7.8", t0));  // Other keys are not affected.
    EXPECT_TRUE(limiter.TryTake("1.2.3.4", t0 + std::chrono::seconds(9)));
    EXPECT_FALSE(limiter.TryTake("1.2.3.4", t0 + std::chrono::seconds(10)));
    EXPECT_TRUE(limiter.TryTake("1.2.3.4", t0 + std::chrono::seconds(10)));
}

TEST(RateLimiter, ZeroRateMeansUnlimited) {
    RateLimiter limiter({.per_minute = 0, .burst = 1});
    for (int i = 0; i < 1000; ++i) EXPECT_FALSE(limiter.TryTake("k"));
}

TEST(RateLimiter, MemoryIsBoundedAndRefilledKeysGoFirst) {
    RateLimiter limiter({.per_minute = 60, .burst = 2}, 100);
    const auto t0 = RateLimiter::Clock::time_point{} + std::chrono::hours(1);
    EXPECT_FALSE(limiter.TryTake("busy", t0));
    EXPECT_FALSE(limiter.TryTake("busy", t0));
    // 10,000 other keys, each seen once, long after "busy" spent its burst: "busy" refilled too.
    for (int i = 0; i < 10000; ++i)
        EXPECT_FALSE(limiter.TryTake("k" + std::to_string(i), t0 + std::chrono::seconds(i % 50)));
    EXPECT_FALSE(limiter.TryTake("busy", t0 + std::chrono::minutes(5)));
}

TEST(RateLimiter, AddressKeyGroupsAnIpv6SlashSixtyFour) {
    EXPECT_EQ(AddressKey("192.0.2.7"), "192.0.2.7");
    EXPECT_EQ(AddressKey("::ffff:192.0.2.7"), "192.0.2.7");
    EXPECT_EQ(AddressKey("2001:db8:1:2:aaaa::1"), AddressKey("2001:db8:1:2:bbbb::2"));
    EXPECT_NE(AddressKey("2001:db8:1:2::1"), AddressKey("2001:db8:1:3::1"));
    EXPECT_EQ(AddressKey("2001:db8::1"), "2001:db8:0:0::/64");
}

TEST(Text, TrimsBlankAndPercentDecodesOnce) {
    EXPECT_EQ(TrimSpace(" \t a b \r\n"), "a b");
    EXPECT_EQ(TrimSpace(" \n "), "");
    EXPECT_TRUE(IsBlank(" \t\r\n"));
    EXPECT_TRUE(IsBlank(""));
    EXPECT_FALSE(IsBlank(" x "));
    EXPECT_EQ(*PercentDecode("%C3%A9t%c3%a9+1"), "été+1");
    EXPECT_EQ(*PercentDecode("%C3%A9t%c3%a9+1", true), "été 1");
    EXPECT_FALSE(PercentDecode("100%"));
    EXPECT_FALSE(PercentDecode("%4"));
    EXPECT_FALSE(PercentDecode("%zz"));
    EXPECT_EQ(*PercentDecode("%41"), "A");
}

TEST(Versions, AStaleVersionIsRefusedInFrenchAndStarOverwrites) {
    EXPECT_TRUE(CheckVersion(3, 3, "la demande"));
    EXPECT_TRUE(CheckVersion(std::nullopt, 7, "la demande"));
    auto stale = CheckVersion(3, 4, "la demande");
    ASSERT_FALSE(stale);
    EXPECT_EQ(stale.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(stale.error().type, "stale-version");
    EXPECT_NE(stale.error().message.find("la demande"), std::string::npos);
}

TEST(Json, IntegersAreReadWithTheirRangeAndNeverWrapped) {
    auto body = json::ParseObject(
        R"({"a": 3, "b": 4294967297, "c": 2.5, "d": "3", "e": 18446744073709551615,
            "f": 4.0, "g": -1, "h": null, "i": 1e300})");
    ASSERT_TRUE(body);
    EXPECT_EQ(*json::RequiredInteger(*body, "a", 0, 10), 3);
    EXPECT_EQ(*json::RequiredInteger(*body, "f", 0, 10), 4);
    for (const char* key : {"b", "c", "d", "e", "g", "i"}) {
        auto n = json::OptionalInteger(*body, key, 0, 4294967295 - 1);
        ASSERT_FALSE(n) << key;
        EXPECT_EQ(n.error().code, ErrorCode::kInvalidArgument) << key;
        EXPECT_NE(n.error().message.find(key), std::string::npos) << key;
    }
    EXPECT_FALSE(json::OptionalInteger(*body, "h", 0, 10)->has_value());
    EXPECT_FALSE(json::OptionalInteger(*body, "absent", 0, 10)->has_value());
    EXPECT_FALSE(json::RequiredInteger(*body, "absent", 0, 10));
    EXPECT_EQ(*json::RequiredInteger(*body, "b", 0, int64_t{1} << 40), 4294967297);
}

TEST(Ids, AreSortableByCreationTime) {
    auto t0 = FromUnixMillis(1'700'000'000'000);
    std::string a = NewId(t0);
    std::string b = NewId(t0 + std::chrono::milliseconds(1));
    EXPECT_EQ(a.size(), 26u);
    EXPECT_TRUE(LooksLikeId(a));
    EXPECT_LT(a, b);
}

TEST(Ids, AreMonotonicWithinOneMillisecond) {
    auto t0 = FromUnixMillis(1'800'000'000'000);
    std::string previous = NewId(t0);
    for (int i = 0; i < 1000; ++i) {
        std::string next = NewId(t0);
        EXPECT_LT(previous, next);
        previous = next;
    }
    // A clock that steps back does not break the order either.
    EXPECT_LT(previous, NewId(t0 - std::chrono::seconds(5)));
}

TEST(Ids, AreUnique) {
    std::set<std::string> seen;
    for (int i = 0; i < 10000; ++i) EXPECT_TRUE(seen.insert(NewId()).second);
}

TEST(Ids, RejectsGarbage) {
    EXPECT_FALSE(LooksLikeId("../../etc/passwd"));
    EXPECT_FALSE(LooksLikeId("01HZZZZZZZZZZZZZZZZZZZZZZU"));  // U is not Crockford.
}

TEST(Tokens, HaveExpectedLengthAndAlphabet) {
    std::string t = RandomToken(32);
    EXPECT_EQ(t.size(), 43u);
    for (char c : t)
        EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_');
    EXPECT_NE(t, RandomToken(32));
}

TEST(Clock, FormatsUtc) {
    EXPECT_EQ(FormatIsoUtc(FromUnixMillis(0)), "1970-01-01T00:00:00.000Z");
    EXPECT_EQ(FormatIsoUtc(FromUnixMillis(1'795'876'509'123)), "2026-11-28T14:35:09.123Z");
    EXPECT_EQ(FormatIsoUtc(FromUnixMillis(951'868'799'999)), "2000-02-29T23:59:59.999Z");
    EXPECT_EQ(FormatIsoUtc(FromUnixMillis(-1)), "1969-12-31T23:59:59.999Z");
    FakeClock clock(FromUnixMillis(1000));
    clock.Advance(std::chrono::milliseconds(500));
    EXPECT_EQ(ToUnixMillis(clock.Now()), 1500);
}

TEST(Json, ParsesObjectsAndRejectsOthers) {
    EXPECT_TRUE(json::ParseObject(R"({"a":1})"));
    auto bad = json::ParseObject("{oops");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().type, "invalid-json");
    EXPECT_FALSE(json::ParseObject("[1,2]"));
}

TEST(Json, RequiredStringNamesTheField) {
    auto object = *json::ParseObject(R"({"name":"  Ville  ","n":3,"e":""})");
    EXPECT_EQ(*json::RequiredString(object, "name"), "Ville");
    auto missing = json::RequiredString(object, "slug");
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().message.find("slug"), std::string::npos);
    EXPECT_FALSE(json::RequiredString(object, "n"));
    EXPECT_FALSE(json::RequiredString(object, "e"));
    EXPECT_FALSE(json::OptionalString(object, "absent")->has_value());
}

class ConfigTest : public ::testing::Test {
  protected:
    std::map<std::string, std::string> env_;
    EnvLookup Env() {
        return [this](const char* name) -> std::optional<std::string> {
            auto it = env_.find(name);
            if (it == env_.end()) return std::nullopt;
            return it->second;
        };
    }
    std::string WriteFile(const std::string& text, const std::string& suffix = "") {
        // One file per test: CTest runs the tests of this suite in parallel.
        std::string path = ::testing::TempDir() + "/guichet_config_" +
                           ::testing::UnitTest::GetInstance()->current_test_info()->name() +
                           suffix + ".toml";
        std::ofstream(path) << text;
        return path;
    }
};

TEST_F(ConfigTest, DefaultsNeedNoConfiguration) {
    auto config = LoadConfig("", Env());
    ASSERT_TRUE(config);
    EXPECT_EQ(config->data_dir, "./data");
    EXPECT_EQ(config->port, 8080);
}

TEST_F(ConfigTest, EnvironmentOverridesFile) {
    std::string file = WriteFile("data_dir = \"/srv/g\"\n[server]\nport = 9000\n");
    env_["GUICHET_PORT"] = "9100";
    auto config = LoadConfig(file, Env());
    ASSERT_TRUE(config) << config.error().message;
    EXPECT_EQ(config->data_dir, "/srv/g");
    EXPECT_EQ(config->port, 9100);
}

TEST_F(ConfigTest, BadFileNamesTheLine) {
    std::string file = WriteFile("[server]\nport = \n");
    auto config = LoadConfig(file, Env());
    ASSERT_FALSE(config);
    EXPECT_NE(config.error().message.find(":2:"), std::string::npos) << config.error().message;
}

TEST_F(ConfigTest, WrongTypeIsRefused) {
    std::string file = WriteFile("[server]\nport = \"huit\"\n");
    EXPECT_FALSE(LoadConfig(file, Env()));
    env_["GUICHET_PORT"] = "99999";
    EXPECT_FALSE(LoadConfig("", Env()));
}

TEST_F(ConfigTest, MapTilesAreNoneByDefaultAndMustBeHttpsOrSameOrigin) {
    auto defaults = LoadConfig("", Env());
    ASSERT_TRUE(defaults);
    EXPECT_EQ(defaults->map_tile_url, "");
    std::string file = WriteFile(
        "[map]\ntile_url = \"https://tuiles.villebelle.example/{z}/{x}/{y}.png\"\n"
        "tile_attribution = \"Ville de Villebelle\"\n");
    auto configured = LoadConfig(file, Env());
    ASSERT_TRUE(configured) << configured.error().message;
    EXPECT_EQ(configured->map_tile_url, "https://tuiles.villebelle.example/{z}/{x}/{y}.png");
    EXPECT_EQ(configured->map_tile_attribution, "Ville de Villebelle");
    env_["GUICHET_MAP_TILE_URL"] = "/tuiles/{z}/{x}/{y}.png";
    EXPECT_EQ(LoadConfig(file, Env())->map_tile_url, "/tuiles/{z}/{x}/{y}.png");
    for (const char* bad : {"http://tiles.example/{z}/{x}/{y}.png", "https://tiles.example/a.png",
                            "//tiles.example/{z}/{x}/{y}.png"}) {
        env_["GUICHET_MAP_TILE_URL"] = bad;
        auto refused = LoadConfig("", Env());
        ASSERT_FALSE(refused) << bad;
        EXPECT_NE(refused.error().message.find("map.tile_url"), std::string::npos);
    }
}

TEST_F(ConfigTest, SchedulerIntervalsFromFileAndEnvironment) {
    auto defaults = LoadConfig("", Env());
    ASSERT_TRUE(defaults);
    EXPECT_EQ(defaults->scheduler.deadline_check_seconds, 60);
    EXPECT_EQ(defaults->scheduler.index_repair_seconds, 60);
    EXPECT_EQ(defaults->scheduler.mail_poll_seconds, 30);
    EXPECT_EQ(defaults->scheduler.outbox_send_seconds, 2);

    // The first name of the mail setting still works; [scheduler] names the others.
    std::string file = WriteFile(
        "[mail]\npoll_seconds = 45\n[scheduler]\ndeadline_check_seconds = 300\n"
        "index_repair_seconds = 120\noutbox_send_seconds = 5\n");
    auto configured = LoadConfig(file, Env());
    ASSERT_TRUE(configured) << configured.error().message;
    EXPECT_EQ(configured->scheduler.mail_poll_seconds, 45);
    EXPECT_EQ(configured->scheduler.deadline_check_seconds, 300);
    EXPECT_EQ(configured->scheduler.index_repair_seconds, 120);
    EXPECT_EQ(configured->scheduler.outbox_send_seconds, 5);

    std::string both =
        WriteFile("[mail]\npoll_seconds = 45\n[scheduler]\nmail_poll_seconds = 10\n", "_both");
    EXPECT_EQ(LoadConfig(both, Env())->scheduler.mail_poll_seconds, 10);

    env_["GUICHET_MAIL_POLL_SECONDS"] = "1";
    env_["GUICHET_SCHEDULER_DEADLINE_CHECK_SECONDS"] = "15";
    auto from_env = LoadConfig(file, Env());
    ASSERT_TRUE(from_env) << from_env.error().message;
    EXPECT_EQ(from_env->scheduler.mail_poll_seconds, 1);
    EXPECT_EQ(from_env->scheduler.deadline_check_seconds, 15);

    env_["GUICHET_SCHEDULER_OUTBOX_SEND_SECONDS"] = "0";
    EXPECT_FALSE(LoadConfig("", Env()));
    env_.erase("GUICHET_SCHEDULER_OUTBOX_SEND_SECONDS");
    auto zero = LoadConfig(WriteFile("[scheduler]\nindex_repair_seconds = 0\n", "_zero"), Env());
    ASSERT_FALSE(zero);
    EXPECT_NE(zero.error().message.find("scheduler.index_repair_seconds"), std::string::npos);
}

TEST_F(ConfigTest, LoginThrottleFromFileAndEnvironment) {
    auto defaults = LoadConfig("", Env());
    ASSERT_TRUE(defaults);
    EXPECT_EQ(defaults->login_failures_per_account_address, 5);
    EXPECT_EQ(defaults->login_failures_per_address, 20);
    EXPECT_EQ(defaults->login_failures_per_account, 50);
    EXPECT_EQ(defaults->login_failure_window_minutes, 60);
    std::string file = WriteFile(
        "[security]\nlogin_failures_per_address = 40\nlogin_failure_window_minutes = 30\n");
    env_["GUICHET_LOGIN_FAILURES_PER_ACCOUNT"] = "100";
    auto configured = LoadConfig(file, Env());
    ASSERT_TRUE(configured) << configured.error().message;
    EXPECT_EQ(configured->login_failures_per_address, 40);
    EXPECT_EQ(configured->login_failure_window_minutes, 30);
    EXPECT_EQ(configured->login_failures_per_account, 100);
    env_["GUICHET_LOGIN_FAILURES_PER_ACCOUNT"] = "0";
    auto refused = LoadConfig(file, Env());
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().message.find("GUICHET_LOGIN_FAILURES_PER_ACCOUNT"),
              std::string::npos);
    env_.clear();
    EXPECT_FALSE(LoadConfig(WriteFile("[security]\nlogin_failures_per_address = 0\n"), Env()));
}

TEST(Text, LowersAsciiOnlyTrimsBlanksAndChecksUtf8) {
    EXPECT_EQ(AsciiLower("Content-Type: Multipart/Form-Data; ÉTÉ"),
              "content-type: multipart/form-data; ÉtÉ");  // É is not ASCII.
    EXPECT_EQ(TrimBlanks(" \t a b \t"), "a b");
    EXPECT_EQ(TrimBlanks(" \t "), "");
    EXPECT_EQ(TrimBlanks("\na\r"), "\na\r");  // Only spaces and tabs.
    EXPECT_TRUE(IsUtf8("relevé décembre 🗓"));
    EXPECT_FALSE(IsUtf8("\xE9t\xE9"));  // Latin-1.
    EXPECT_FALSE(IsUtf8("\xC3"));       // Cut in the middle of a character.
    EXPECT_FALSE(
        IsUtf8("\x80"
               "abc"));                            // A continuation byte first.
    EXPECT_FALSE(IsUtf8("\xF8\x88\x80\x80\x80"));  // No five-byte sequences.
    EXPECT_FALSE(IsUtf8("\xC0\xAF"));              // Overlong '/' (a classic path filter bypass).
    EXPECT_FALSE(IsUtf8("\xE0\x80\xAF"));          // Overlong '/' on three bytes.
    EXPECT_FALSE(IsUtf8("\xF0\x80\x80\xAF"));      // And on four.
    EXPECT_FALSE(IsUtf8("\xED\xA0\x80"));          // A UTF-16 surrogate (U+D800).
    EXPECT_FALSE(IsUtf8("\xF4\x90\x80\x80"));      // U+110000, beyond Unicode.
    EXPECT_TRUE(IsUtf8("\xF4\x8F\xBF\xBF"));       // U+10FFFF, the last code point.
    EXPECT_TRUE(IsUtf8("\xED\x9F\xBF"));           // U+D7FF, just below the surrogates.
    EXPECT_TRUE(IsUtf8("\xE0\xA0\x80"));           // U+0800, the first three-byte one.
}

}  // namespace
}  // namespace guichet
