#include <gtest/gtest.h>

#include "comms/presence_service.hpp"

namespace guichet::comms {
namespace {

class PresenceTest : public ::testing::Test {
  protected:
    void SetUp() override {
        bus_.Subscribe([this](const bus::Event& e) { events_.push_back(e); });
    }
    OnlineAgent Agent(const std::string& tenant, const std::string& id, const std::string& name) {
        return {tenant, id, name, {"reception"}, {}};
    }
    bus::InProcessBus bus_;
    FakeClock clock_{FromUnixMillis(1'790'000'000'000)};
    PresenceService presence_{bus_, clock_};
    std::vector<bus::Event> events_;
};

TEST_F(PresenceTest, PublishesTheFullListOnEachChange) {
    presence_.Connected(Agent("t1", "a1", "Camille"));
    presence_.Connected(Agent("t1", "a2", "Benoît"));
    ASSERT_EQ(events_.size(), 2u);
    EXPECT_EQ(events_[1].type, "presence.changed");
    EXPECT_EQ(events_[1].tenant_id, "t1");
    EXPECT_EQ(events_[1].permission, "presence.read");
    EXPECT_NE(events_[1].data.find("Benoît"), std::string::npos);
    EXPECT_NE(events_[1].data.find("Camille"), std::string::npos);
    presence_.Disconnected("t1", "a1");
    ASSERT_EQ(events_.size(), 3u);
    EXPECT_EQ(events_[2].data.find("Camille"), std::string::npos);
}

TEST_F(PresenceTest, SeveralTabsCountOnce) {
    presence_.Connected(Agent("t1", "a1", "Camille"));
    presence_.Connected(Agent("t1", "a1", "Camille"));
    EXPECT_EQ(events_.size(), 1u);
    presence_.Disconnected("t1", "a1");
    EXPECT_EQ(events_.size(), 1u);
    EXPECT_EQ(presence_.Online("t1").size(), 1u);
    presence_.Disconnected("t1", "a1");
    EXPECT_EQ(events_.size(), 2u);
    EXPECT_TRUE(presence_.Online("t1").empty());
}

TEST_F(PresenceTest, TenantsAreSeparate) {
    presence_.Connected(Agent("t1", "a1", "Camille"));
    presence_.Connected(Agent("t2", "b1", "Zoé"));
    EXPECT_EQ(presence_.Online("t1").size(), 1u);
    EXPECT_EQ(presence_.OnlineJson("t1").find("Zoé"), std::string::npos);
    presence_.Disconnected("t2", "unknown");
    presence_.Disconnected("t3", "unknown");
    EXPECT_EQ(events_.size(), 2u);
}

}  // namespace
}  // namespace guichet::comms
